package dev.precis.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerParserTest {

    private final AnswerParser parser = new AnswerParser();
    private static final String MINIMAL = "{\"headline\":\"Talks in Geneva\",\"summary\":\"They met.\",\"meetings\":[]}";

    @Test
    void plainJson() {
        Extraction extraction = parser.parse(MINIMAL).extraction().orElseThrow();
        assertThat(extraction.headline()).isEqualTo("Talks in Geneva");
        assertThat(extraction.meetings()).isEmpty();
    }

    @Test
    void codeFencesAndProseAroundTheJson() {
        assertThat(parser.parse("Voici le résultat :\n```json\n" + MINIMAL + "\n```\nBonne lecture.").extraction()).isPresent();
        assertThat(parser.parse("```\n" + MINIMAL + "\n```").extraction()).isPresent();
        assertThat(parser.parse("Sure! " + MINIMAL + " Anything else?").extraction()).isPresent();
        assertThat(parser.parse("The schema uses {braces}; here it is: " + MINIMAL).extraction()).isPresent();
    }

    @Test
    void unknownFieldsAreIgnoredAndASingleStringCountsAsAList() {
        String answer = "{\"headline\":\"h\",\"summary\":\"s\",\"confidence\":0.9,\"meetings\":[{\"kind\":\"call\","
                + "\"participants\":[{\"name\":\"Claire Vasseur\",\"mentions\":\"Claire Vasseur\",\"age\":52}],"
                + "\"evidence\":\"Claire Vasseur s'est entretenue\"}]}";
        Extraction extraction = parser.parse(answer).extraction().orElseThrow();
        assertThat(extraction.meetings().get(0).participants().get(0).mentions()).containsExactly("Claire Vasseur");
        assertThat(extraction.meetings().get(0).evidence()).containsExactly("Claire Vasseur s'est entretenue");
    }

    @Test
    void truncatedJsonIsReportedAsInvalid() {
        AnswerParser.Parsed parsed = parser.parse(MINIMAL.substring(0, 30));
        assertThat(parsed.extraction()).isEmpty();
        assertThat(parsed.problem()).contains("not valid JSON");
    }

    @Test
    void wrongShapeNamesThePath() {
        AnswerParser.Parsed parsed = parser.parse(
                "{\"headline\":\"h\",\"summary\":\"s\",\"meetings\":[{\"participants\":[{\"name\":{\"first\":\"Claire\"}}]}]}");
        assertThat(parsed.extraction()).isEmpty();
        assertThat(parsed.problem()).contains("$.meetings[0].participants[0].name").doesNotContain("java").doesNotContain("Extraction");
    }

    @Test
    void emptyOrNonJsonAnswers() {
        assertThat(parser.parse(null).problem()).contains("empty");
        assertThat(parser.parse("   ").problem()).contains("empty");
        assertThat(parser.parse("Je ne peux pas répondre.").problem()).contains("no JSON object");
        assertThat(parser.parse("[1, 2]").extraction()).isEmpty();
    }
}
