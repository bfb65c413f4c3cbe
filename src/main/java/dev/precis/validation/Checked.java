package dev.precis.validation;

import dev.precis.model.Issue;
import dev.precis.model.Digest;
import java.util.List;

/**
 * One model answer after validation: the answer as parsed (absent when it could not be), the grounded content
 * (absent when the answer could not be used at all) and every issue found.
 */
public record Checked(Extraction extraction, Content content, List<Issue> issues) {

    /** The parts of a digest that come from the model, grounded in the article. */
    public record Content(String headline, String summary, String translation, List<Digest.Meeting> meetings) {
    }

    static Checked unusable(Extraction extraction, List<Issue> issues) {
        return new Checked(extraction, null, List.copyOf(issues));
    }

    public boolean usable() {
        return content != null;
    }

    /** Issues a re-ask may fix. */
    public List<Issue> repairable() {
        return issues.stream().filter(Issue::repairable).toList();
    }

    public boolean needsRepair() {
        return !repairable().isEmpty();
    }
}
