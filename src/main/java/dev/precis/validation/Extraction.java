package dev.precis.validation;

import java.util.List;

/**
 * The model's answer as parsed, before any check: the shape of {@code prompts/extraction-schema.json}.
 * Mentions and evidence are the strings the model copied; every field may be missing (null).
 */
public record Extraction(String headline, String summary, String translation, List<Meeting> meetings) {

    public record Meeting(String kind, String status, List<Participant> participants, Place location, When date,
            String purpose, List<String> evidence) {
    }

    public record Participant(String name, String role, String organization, String country, List<String> mentions) {
    }

    public record Place(String name, String country, List<String> mentions) {
    }

    public record When(String iso, List<String> mentions) {
    }
}
