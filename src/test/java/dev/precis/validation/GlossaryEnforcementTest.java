package dev.precis.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.deadline.Checkpoint;
import dev.precis.glossary.Glossary;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.glossary.GlossaryFile;
import dev.precis.glossary.GlossaryMatch;
import dev.precis.glossary.GlossarySet;
import dev.precis.grounding.Grounder;
import dev.precis.model.Digest;
import dev.precis.model.Issue;
import dev.precis.support.TestTexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The glossary held to after the model, field by field: whatever the model wrote, the digest says what the glossary
 * decided — and says where it did.
 */
class GlossaryEnforcementTest {

    private static final String ARTICLE = TestTexts.article("glossary-two-spellings");
    private static AnswerValidator validator;
    private static Glossary newsroom;

    @BeforeAll
    static void create() throws IOException {
        validator = new AnswerValidator(LanguageGuard.forLanguages(List.of("fr", "es", "de")), 366,
                List.of(TestTexts.prompt("system.txt")));
        newsroom = new Glossary("newsroom", GlossaryFile.parse(Files.readString(
                Path.of("src/test/resources/glossaries/newsroom.tsv")), false, 1000).entries());
    }

    private static Checked check(String answer, String article, Glossary... glossaries) {
        GlossaryMatch match = new GlossarySet(List.of(glossaries)).match(article, Checkpoint.NONE);
        boolean translation = !answer.contains("\"translation\":null");
        return validator.check(answer, new ArticleContext(new Grounder(article), "fr", null, translation, match));
    }

    private static List<String> codes(Checked checked) {
        return checked.issues().stream().map(Issue::code).distinct().toList();
    }

    @Test
    void oneOfficialSpelledTwoWaysBecomesOneParticipantWithTheGlossaryNameIdAndAllMentions() {
        Checked checked = check(TestTexts.answer("glossary-two-spellings"), ARTICLE, newsroom);

        Digest.Meeting meeting = checked.content().meetings().get(0);
        assertThat(meeting.participants()).extracting(Digest.Participant::name)
                .containsExactly("Karim Benali", "Youssef El-Mansouri");
        Digest.Participant minister = meeting.participants().get(1);
        assertThat(minister.id()).isEqualTo("nr:1047");
        assertThat(minister.mentions()).extracting(Digest.Mention::text)
                .containsExactly("Youssef El Mansouri", "M. Al-Mansuri", "Al-Mansuri");
        assertThat(minister.mentions()).allSatisfy(m -> assertThat(ARTICLE.substring(m.start(), m.end()))
                .isEqualTo(m.text()));
        assertThat(meeting.participants().get(0).id()).isNull();
        assertThat(checked.issues()).anySatisfy(issue -> {
            assertThat(issue.code()).isEqualTo("glossary.applied");
            assertThat(issue.path()).isEqualTo("$.meetings[0].participants[1].name");
            assertThat(issue.message()).contains("\"Youssef El Mansouri\" and \"Al-Mansuri\"", "merged",
                    "id nr:1047");
        });
    }

    @Test
    void everyFieldIsHeldToTheGlossaryAndTheDigestStillPasses() {
        Checked checked = check(TestTexts.answer("glossary-two-spellings"), ARTICLE, newsroom);
        Checked.Content content = checked.content();
        Digest.Meeting meeting = content.meetings().get(0);

        assertThat(content.headline()).isEqualTo("Fisheries office head receives Senegalese minister "
                + "Youssef El-Mansouri in Rabat");
        assertThat(content.summary()).isEqualTo("Karim Benali of the National Fisheries Office met Youssef "
                + "El-Mansouri in Rabat on Tuesday. Youssef El-Mansouri praised an exemplary partnership and invited "
                + "his host to Dakar.");
        assertThat(meeting.purpose()).isEqualTo("To discuss sardine quotas for 2027 with the National Fisheries Office.");
        assertThat(meeting.participants().get(0).organization()).isEqualTo("National Fisheries Office");
        assertThat(meeting.participants().get(1).role()).isEqualTo("Senegal's Minister of Fisheries");
        assertThat(meeting.location().name()).isEqualTo("Rabat");
        assertThat(meeting.location().id()).isEqualTo("Q3551");

        assertThat(codes(checked)).containsExactly("glossary.applied");
        assertThat(Digest.Validation.of(checked.issues()).status()).isEqualTo("passed");
        assertThat(checked.issues()).extracting(Issue::path).contains("$.headline", "$.summary",
                "$.meetings[0].purpose", "$.meetings[0].participants[0].organization",
                "$.meetings[0].participants[1].role", "$.meetings[0].location.name");
        assertThat(checked.issues()).filteredOn(issue -> issue.path().equals("$.summary")).extracting(Issue::message)
                .contains("\"Office national des pêches\" written as \"National Fisheries Office\" (glossary: "
                        + "organization, id nr:2001)");
    }

    @Test
    void theTranslationIsHeldToTheGlossaryToo() {
        String answer = TestTexts.answer("glossary-two-spellings").replace("\"translation\":null", "\"translation\":"
                + "\"Rabat, 1 December 2026 - The director of the Office national des pêches, Karim Benali, received "
                + "Senegal's fisheries minister, Youssef El Mansouri, in Rabat on Tuesday. According to the ONP, Mr "
                + "Benali and Mr Al-Mansuri discussed sardine quotas for 2027.\"");
        Checked checked = check(answer, ARTICLE, newsroom);
        assertThat(checked.content().translation()).isEqualTo("Rabat, 1 December 2026 - The director of the National "
                + "Fisheries Office, Karim Benali, received Senegal's fisheries minister, Youssef El-Mansouri, in Rabat "
                + "on Tuesday. According to the National Fisheries Office, Mr Benali and Mr Youssef El-Mansouri "
                + "discussed sardine quotas for 2027.");
        assertThat(checked.issues()).filteredOn(issue -> issue.path().equals("$.translation")).extracting(Issue::message)
                .containsExactly(
                        "\"Office national des pêches\" and \"ONP\" written as \"National Fisheries Office\" (glossary: "
                                + "organization, id nr:2001)",
                        "\"Youssef El Mansouri\" and \"Al-Mansuri\" written as \"Youssef El-Mansouri\" (glossary: person, "
                                + "id nr:1047)");
    }

    @Test
    void withoutAGlossaryTheModelsAnswerIsLeftAsItIs() {
        Checked checked = check(TestTexts.answer("glossary-two-spellings"), ARTICLE);
        assertThat(checked.content().meetings().get(0).participants()).hasSize(3);
        assertThat(checked.content().summary()).contains("Office national des pêches");
        assertThat(codes(checked)).doesNotContain("glossary.applied");
    }

    @Test
    void aSurnameThatCouldBeTwoGlossaryPeopleIsFlaggedForRepairNotGuessed() {
        String article = "Youssef El Mansouri et Leila Mansouri ont signé l'accord mardi à Dakar.";
        Glossary people = new Glossary("people", List.of(
                GlossaryEntry.of("Youssef El Mansouri", "Youssef El-Mansouri", "person", "nr:1047", null),
                GlossaryEntry.of("Leila Mansouri", "Leila Mansouri", "person", "nr:3003", null)));
        String answer = """
                {"headline":"Mansouri and Mansouri sign an agreement in Dakar",
                 "summary":"Mansouri signed the agreement on Tuesday.",
                 "translation":null,
                 "meetings":[{"kind":"meeting","status":"held",
                   "participants":[{"name":"Mansouri","mentions":["Youssef El Mansouri"]},
                                   {"name":"Mansouri","mentions":["Leila Mansouri"]}],
                   "location":{"name":"Dakar","country":"Senegal","mentions":["Dakar"]},
                   "date":null,"purpose":"To sign an agreement.",
                   "evidence":["Youssef El Mansouri et Leila Mansouri ont signé l'accord mardi à Dakar"]}]}""";
        Checked checked = check(answer, article, people);

        assertThat(checked.content().meetings().get(0).participants()).extracting(Digest.Participant::name, Digest.Participant::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Youssef El-Mansouri", "nr:1047"),
                        org.assertj.core.groups.Tuple.tuple("Leila Mansouri", "nr:3003"));
        assertThat(checked.content().summary()).isEqualTo("Mansouri signed the agreement on Tuesday.");
        assertThat(checked.issues()).filteredOn(issue -> issue.code().equals("glossary.not_applied"))
                .extracting(Issue::path).containsExactly("$.headline", "$.summary");
        assertThat(checked.needsRepair()).isTrue();
        assertThat(checked.repairable()).extracting(Issue::forRepair).contains("$.summary: \"Mansouri\" may be any of "
                + "the glossary's \"Youssef El-Mansouri\", \"Leila Mansouri\": write the one meant, as the glossary "
                + "spells it");
    }

    @Test
    void aDescriptionTheModelGaveForANameIsRenamedButNotReplacedWhereverItsWordsOccur() {
        String answer = TestTexts.answer("glossary-two-spellings")
                .replace("{\"name\":\"Youssef El Mansouri\",", "{\"name\":\"the Senegalese minister\",")
                .replace("\"summary\":\"Karim Benali of the Office national des pêches met Youssef El Mansouri in Rabat",
                        "\"summary\":\"Karim Benali met the Senegalese minister in Rabat, as every minister does");
        Checked checked = check(answer, ARTICLE, newsroom);
        assertThat(checked.content().meetings().get(0).participants().get(1).name()).isEqualTo("Youssef El-Mansouri");
        assertThat(checked.content().summary()).startsWith("Karim Benali met the Senegalese minister in Rabat, as "
                + "every minister does");
    }

    @Test
    void placesAreRenamedWhenTheEntryIsMostOfAMentionAndAVenueWinsOverItsCity() {
        String article = "Chypre et l’État français ont signé l’accord à l’hôtel de Brienne, à Paris. Une réunion suivra "
                + "au siège de l’OTAN, à Bruxelles.";
        Glossary places = new Glossary("places", List.of(
                GlossaryEntry.of("Chypre", "Cyprus", "place", "Q229", null),
                GlossaryEntry.of("État", "French State", "organization", null, null),
                GlossaryEntry.of("hôtel de Brienne", "Hôtel de Brienne", "place", null, null),
                GlossaryEntry.of("Paris", "Paris", "place", "Q90", null),
                GlossaryEntry.of("Bruxelles", "Brussels", "place", "Q239", null)));
        String answer = """
                {"headline":"Cyprus and France sign an agreement in Paris","summary":"Cyprus and France signed an agreement in Paris.",
                 "translation":null,
                 "meetings":[{"kind":"meeting","status":"held",
                   "participants":[{"name":"Chypre","country":"Cyprus","mentions":["Chypre"]},
                                   {"name":"France","country":"France","mentions":["l’État français"]}],
                   "location":{"name":"Hôtel de Brienne, Paris","country":"France","mentions":["hôtel de Brienne, à Paris"]},
                   "date":null,"purpose":"To sign an agreement.","evidence":[]},
                  {"kind":"meeting","status":"planned",
                   "participants":[{"name":"Cyprus","country":"Cyprus","mentions":["Chypre"]}],
                   "location":{"name":"NATO headquarters, Brussels","country":"Belgium","mentions":["siège de l’OTAN, à Bruxelles"]},
                   "date":null,"purpose":"A meeting at NATO headquarters, Brussels.","evidence":[]}]}""";
        Checked checked = check(answer, article, places);
        Digest.Meeting signing = checked.content().meetings().get(0);
        // a country taking part is a place entry that is the whole of its mention
        assertThat(signing.participants().get(0).name()).isEqualTo("Cyprus");
        assertThat(signing.participants().get(0).id()).isEqualTo("Q229");
        // "État" is not most of "l’État français": France stays France, and nobody's country becomes the French State
        assertThat(signing.participants().get(1).name()).isEqualTo("France");
        assertThat(signing.participants()).extracting(Digest.Participant::country).containsExactly("Cyprus", "France");
        assertThat(checked.content().summary()).isEqualTo("Cyprus and France signed an agreement in Paris.");
        // the venue is most of the mention, the city beside it is not
        assertThat(signing.location().name()).isEqualTo("Hôtel de Brienne");
        Digest.Meeting planned = checked.content().meetings().get(1);
        assertThat(planned.location().name()).isEqualTo("NATO headquarters, Brussels");
        assertThat(planned.location().id()).isNull();
        assertThat(planned.purpose()).isEqualTo("A meeting at NATO headquarters, Brussels.");
        assertThat(codes(checked)).doesNotContain("glossary.conflict");
    }

    @Test
    void aTextWritingTheTargetOtherwiseGetsItsSpellingNeverADoubledNameAndAPartItsOwnSpelling() {
        String article = "Youssef El Mansouri a reçu mardi à Alger M. Tebboune et Jim O\u2019Neill.";
        Glossary names = new Glossary("names", List.of(
                GlossaryEntry.of("El Mansouri", "Youssef El-Mansouri", "person", "nr:1047", null),
                GlossaryEntry.of("Tebboune", "Abdelmadjid Tebboune", "person", null, null),
                GlossaryEntry.of("O\u2019Neill", "Jim O'Neill", "person", null, null),
                GlossaryEntry.of("Alger", "Algiers", "place", null, null)));
        String answer = """
                {"headline":"Youssef El Mansouri receives Abdelmadjid TEBBOUNE and Jim O\u2019Neill in Algier",
                 "summary":"President Abdelmadjid Tebboun later met El Mansouri on a nice day in Algier.",
                 "translation":null,
                 "meetings":[{"kind":"meeting","status":"held",
                   "participants":[{"name":"Y. El Mansouri","mentions":["Youssef El Mansouri"]},
                                   {"name":"Abdelmadjid Tebboun","mentions":["M. Tebboune"]},
                                   {"name":"Jim O\u2019Neill","mentions":["Jim O\u2019Neill"]}],
                   "location":{"name":"Algier","country":"Algeria","mentions":["Alger"]},
                   "date":null,"purpose":"To meet Youssef El Mansouri.","evidence":[]}]}""";
        Checked checked = check(answer, article, names);
        assertThat(checked.content().headline())
                .isEqualTo("Youssef El-Mansouri receives Abdelmadjid Tebboune and Jim O'Neill in Algiers");
        assertThat(checked.content().summary())
                .isEqualTo("President Abdelmadjid Tebboune later met El-Mansouri on a nice day in Algiers.");
        assertThat(checked.content().meetings().get(0).purpose()).isEqualTo("To meet Youssef El-Mansouri.");
        assertThat(checked.content().meetings().get(0).participants()).extracting(Digest.Participant::name)
                .containsExactly("Youssef El-Mansouri", "Abdelmadjid Tebboune", "Jim O'Neill");
        assertThat(checked.content().meetings().get(0).location().name()).isEqualTo("Algiers");
    }

    @Test
    void aTargetWithPunctuationAroundItsWordsIsLeftWhenTheTextWritesIt() {
        String article = "Le Département des renseignements généraux a reçu Karim Benali.";
        Glossary bodies = new Glossary("bodies", List.of(GlossaryEntry.of("Département des renseignements généraux",
                "General Intelligence Directorate (GID)", "organization", null, null)));
        String answer = """
                {"headline":"The General Intelligence Directorate (GID) receives Karim Benali",
                 "summary":"The general intelligence directorate (GID) received Karim Benali.","translation":null,
                 "meetings":[{"kind":"meeting","status":"held",
                   "participants":[{"name":"Karim Benali","organization":"General Intelligence Directorate (GID)",
                                    "mentions":["Karim Benali"]}],
                   "location":null,"date":null,"purpose":null,"evidence":[]}]}""";
        Checked checked = check(answer, article, bodies);
        assertThat(checked.content().headline()).isEqualTo("The General Intelligence Directorate (GID) receives Karim "
                + "Benali");
        // written otherwise (its case), it gets the target's spelling, the text's own parentheses kept
        assertThat(checked.content().summary()).isEqualTo("The General Intelligence Directorate (GID) received Karim "
                + "Benali.");
        assertThat(checked.content().meetings().get(0).participants().get(0).organization())
                .isEqualTo("General Intelligence Directorate (GID)");
    }

    @Test
    void aParticipantTheModelNamedAlikeInAnotherMeetingIsTheSameEntry() {
        String article = "Nabil Ammar a reçu lundi son homologue. Mercredi, M. Ammar s'est rendu à Tunis.";
        Glossary people = new Glossary("people", List.of(GlossaryEntry.of("Nabil Ammar", "Nabil Ammar", "person",
                "wd:Q1", null)));
        String answer = """
                {"headline":"Ammar receives his counterpart","summary":"Nabil Amar received his counterpart.",
                 "translation":null,
                 "meetings":[{"kind":"meeting","status":"held",
                   "participants":[{"name":"Nabil Amar","mentions":["Nabil Ammar"]}],
                   "location":null,"date":null,"purpose":null,"evidence":[]},
                  {"kind":"visit","status":"held",
                   "participants":[{"name":"Nabil Amar","mentions":["M. Ammar"]}],
                   "location":null,"date":null,"purpose":null,"evidence":[]}]}""";
        Checked checked = check(answer, article, people);
        assertThat(checked.content().meetings()).extracting(meeting -> meeting.participants().get(0).name()
                + " " + meeting.participants().get(0).id()).containsExactly("Nabil Ammar wd:Q1", "Nabil Ammar wd:Q1");
        assertThat(checked.content().summary()).isEqualTo("Nabil Ammar received his counterpart.");
    }

    @Test
    void mentionsThatAreTwoDifferentEntriesKeepTheModelsNameAndSaySo() {
        String article = "Youssef El Mansouri, alias Leila Mansouri, est arrivé.";
        Glossary people = new Glossary("people", List.of(
                GlossaryEntry.of("Youssef El Mansouri", "Youssef El-Mansouri", "person", "nr:1047", null),
                GlossaryEntry.of("Leila Mansouri", "Leila Mansouri", "person", "nr:3003", null)));
        String answer = """
                {"headline":"An arrival","summary":"Someone arrived.","translation":null,
                 "meetings":[{"kind":"visit","status":"held",
                   "participants":[{"name":"The traveller","mentions":["Youssef El Mansouri","Leila Mansouri"]}],
                   "location":null,"date":null,"purpose":null,"evidence":[]}]}""";
        Checked checked = check(answer, article, people);
        assertThat(checked.content().meetings().get(0).participants().get(0).name()).isEqualTo("The traveller");
        assertThat(checked.issues()).filteredOn(issue -> issue.code().equals("glossary.conflict"))
                .extracting(Issue::path).containsExactly("$.meetings[0].participants[0].name");
    }

    @Test
    void issuesFoundBeforeAMergeFollowTheParticipantsToTheirNewPlace() {
        // A fourth participant whose mention is not in the article: its issue names it where it ends up.
        String answer = TestTexts.answer("glossary-two-spellings").replace(
                "\"mentions\":[\"M. Al-Mansuri\",\"Al-Mansuri\"]}]",
                "\"mentions\":[\"M. Al-Mansuri\",\"Al-Mansuri\"]},{\"name\":\"Aminata Diallo\",\"mentions\":[\"Aminata Diallo\"]}]");
        Checked checked = check(answer, ARTICLE, newsroom);
        assertThat(checked.content().meetings().get(0).participants()).extracting(Digest.Participant::name)
                .containsExactly("Karim Benali", "Youssef El-Mansouri", "Aminata Diallo");
        assertThat(checked.issues()).filteredOn(issue -> issue.code().equals("grounding.participant_not_found"))
                .extracting(Issue::path).containsExactly("$.meetings[0].participants[2].mentions");
    }
}
