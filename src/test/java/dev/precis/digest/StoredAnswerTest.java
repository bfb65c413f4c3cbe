package dev.precis.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.support.TestTexts;
import dev.precis.validation.AnswerParser;
import dev.precis.validation.Extraction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model answer as the fleet's cache stores it: read back equal, smaller than its JSON, and a bad value is a miss. */
class StoredAnswerTest {

    private final Extraction extraction = new AnswerParser().parse(TestTexts.answer("two-meetings")).extraction()
            .orElseThrow();
    private final ModelAnswer answer = new ModelAnswer(extraction, List.of(), 2, 1, 1_234, 567, 100, "model-x", false,
            null);

    @Test
    void anAnswerIsReadBackAsItWasStoredWithoutItsValidation() {
        ModelAnswer read = StoredAnswer.decode(StoredAnswer.encode(answer)).orElseThrow();
        assertThat(read).isEqualTo(answer);
        assertThat(read.checked()).isNull();
    }

    @Test
    void storedValuesAreCompact() throws Exception {
        byte[] json = new ObjectMapper().writeValueAsBytes(extraction);
        assertThat(StoredAnswer.encode(answer).length).as("deflated, well under the JSON").isLessThan(json.length * 2 / 3);
    }

    @Test
    void aValueThatCannotBeReadIsAMissNotAnError() {
        assertThat(StoredAnswer.decode("not deflated".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(StoredAnswer.decode(new byte[0])).isEmpty();
        byte[] good = StoredAnswer.encode(answer);
        assertThat(StoredAnswer.decode(java.util.Arrays.copyOf(good, good.length / 2))).isEmpty();
    }
}
