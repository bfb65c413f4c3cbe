package dev.precis.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The grounding contract seen from outside: every span of a digest indexes its mention in the submitted text. */
public final class Offsets {

    private Offsets() {
    }

    public static void assertEveryOffsetIndexes(String text, JsonPath digest) {
        List<Map<String, Object>> spans = new ArrayList<>();
        spans.addAll(digest.getList("meetings.participants.flatten().mentions.flatten()"));
        spans.addAll(digest.getList("meetings.location.mentions.flatten()"));
        spans.addAll(digest.getList("meetings.date.mentions.flatten()"));
        spans.addAll(digest.getList("meetings.evidence.flatten()"));
        assertThat(spans).isNotEmpty();
        for (Map<String, Object> span : spans) {
            if (span == null || span.get("start") == null) {
                continue;
            }
            int start = (Integer) span.get("start");
            int end = (Integer) span.get("end");
            assertThat(text.substring(start, end)).isEqualTo(span.get("text"));
        }
    }
}
