package dev.precis.bench;

import dev.precis.glossary.GlossaryEntry;
import dev.precis.support.TestTexts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A large glossary for the benchmarks: the entries of the test glossary {@code glossaries/newsroom.tsv}, then
 * synthetic entries (fixed seed) of 1 to 4 words that look like a newsroom's: French and Arabic-looking people
 * ("Karim El-Boudrani", "Mohamed Ould Zerkaoui"), organisations ("Office national de Tazrout", acronyms), places
 * ("Sidi Khelmane") and titles ("wali de Dourfa"), three in ten with an id, a few with {@code match-case} or
 * {@code ignore-accents}. Every source term is distinct once folded, and none is a run of words of a test article
 * (those are dropped and counted): the newsroom entries are then the only ones a test article mentions, so that
 * what a glossary's size costs is measured apart from what a mention costs.
 */
final class SyntheticGlossary {

    /** The test articles (src/test/resources/articles) whose words no synthetic entry may be. */
    static final List<String> ARTICLES =
            List.of("no-meeting", "phone-call", "two-meetings", "visit-security-chiefs", "glossary-two-spellings");
    static final String HEADER = "source\ttarget\tkind\tid\tmatch";
    static final long SEED = 17;

    private static final String[] FIRST = {
        "Jean", "Pierre", "Marie", "Sophie", "Nicolas", "Isabelle", "François", "Camille", "Julien", "Hélène",
        "Olivier", "Nathalie", "Laurent", "Céline", "Thierry", "Amélie", "Benoît", "Claire", "Étienne", "Margaux",
        "Yves", "Aurélie", "Gérard", "Josiane", "Mathieu", "Élodie", "Youssef", "Mohamed", "Ahmed", "Karim",
        "Fatima", "Khadija", "Abdellatif", "Nasser", "Rachid", "Samira", "Hassan", "Leïla", "Omar", "Nadia",
        "Mustapha", "Amina", "Driss", "Zineb", "Hicham", "Soufiane", "Abdelkader", "Meriem", "Tarik", "Houda",
        "Ilyes", "Yasmina", "Mehdi", "Salma", "Nabil", "Ghita", "Aïcha", "Brahim", "Saïd", "Mounir"};
    private static final String[] ONSETS = {
        "b", "d", "f", "g", "h", "j", "k", "kh", "l", "m", "n", "r", "s", "ch", "t", "z", "dj", "gh", "b", "l"};
    private static final String[] VOWELS = {"a", "ou", "i", "e", "a", "ou", "i", "a"};
    private static final String[] CODAS = {"l", "r", "n", "m", "d", "h", "s"};
    private static final String[] ENDINGS = {
        "i", "a", "ani", "ouni", "aoui", "ine", "ard", "ier", "et", "ot", "ou", "ane", "ès", "", "", ""};
    private static final String[] PARTICLES = {"El-", "Al-", "Ben ", "Ould ", "Aït ", "de ", "Le "};
    private static final String[] ORG_ONE = {"Groupe", "Banque", "Fondation", "Société", "Agence", "Mutuelle"};
    private static final String[] ORG_ONE_EN = {"Group", "Bank", "Foundation", "Company", "Agency", "Mutual"};
    private static final String[] ORG_TWO = {"Office national de", "Conseil régional de", "Université de",
        "Port autonome de", "Wilaya de"};
    private static final String[] ORG_TWO_EN = {"National Office of", "Regional Council of", "University of",
        "Port Authority of", "Wilaya of"};
    private static final String[] PLACE_PREFIX = {"Sidi", "Aïn", "Oued", "Bir", "Saint", "Douar", "Ksar"};
    private static final String[] TITLES = {"wali de", "gouverneur de", "préfet de", "maire de", "caïd de"};
    private static final String[] TITLES_EN = {"Wali of", "Governor of", "Prefect of", "Mayor of", "Caid of"};

    private SyntheticGlossary() {
    }

    /**
     * Writes a glossary file of newsroom.tsv's entries and synthetic ones (bench/glossary.sh --service):
     * {@code java -cp <test classpath> dev.precis.bench.SyntheticGlossary <entries> <file.tsv>}.
     */
    public static void main(String[] args) throws IOException {
        generate(Integer.parseInt(args[0])).write(Path.of(args[1]));
    }

    /** A generated glossary: its file lines (the header first) and how many candidates were dropped. */
    record Generated(List<String> lines, int droppedAsArticleWords, int droppedAsDuplicates) {

        /** The entries, as a glossary file's lines give them. */
        List<GlossaryEntry> entries() {
            List<GlossaryEntry> entries = new ArrayList<>(lines.size());
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                entries.add(GlossaryEntry.of(f[0], f[1], f[2], f[3], f[4]));
            }
            return entries;
        }

        /** Writes the file: the header, then one line per entry. */
        void write(Path file) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
        }

        /** The file's text: the header, then one line per entry. */
        String tsv() {
            StringBuilder out = new StringBuilder(lines.size() * 64);
            for (String line : lines) {
                out.append(line).append('\n');
            }
            return out.toString();
        }
    }

    /** The newsroom entries' lines (comments dropped), then synthetic ones: {@code total} entries in all. */
    static Generated generate(int total) {
        List<String> lines = new ArrayList<>(total + 1);
        lines.add(HEADER);
        Set<String> keys = new HashSet<>();
        for (String line : newsroomLines()) {
            lines.add(line);
            keys.add(key(line.substring(0, line.indexOf('\t'))));
        }
        Set<String> articleRuns = articleRuns();
        Random random = new Random(SEED);
        int asArticleWords = 0;
        int duplicates = 0;
        int serial = 0;
        while (lines.size() <= total) {
            String[] entry = entry(random, ++serial);
            String key = key(entry[0]);
            if (articleRuns.contains(key)) {
                asArticleWords++;
            } else if (!keys.add(key)) {
                duplicates++;
            } else {
                lines.add(String.join("\t", entry));
            }
        }
        return new Generated(List.copyOf(lines), asArticleWords, duplicates);
    }

    /** newsroom.tsv's entry lines, without its header and comments. */
    static List<String> newsroomLines() {
        List<String> lines = new ArrayList<>();
        boolean header = true;
        for (String line : resource("glossaries/newsroom.tsv").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                if (!line.equals(HEADER)) {
                    throw new IllegalStateException("newsroom.tsv's header is not '" + HEADER + "': " + line);
                }
                continue;
            }
            String[] f = line.split("\t", -1);
            lines.add(String.join("\t", f[0], f[1], f[2], f.length > 3 ? f[3] : "", f.length > 4 ? f[4] : ""));
        }
        return lines;
    }

    /** newsroom.tsv as a file's text. */
    static String newsroomTsv() {
        return resource("glossaries/newsroom.tsv");
    }

    /** One synthetic entry: source, target, kind, id, match. */
    private static String[] entry(Random random, int serial) {
        String id = random.nextInt(10) < 3 ? "syn:" + serial : "";
        String match = random.nextInt(50) == 0 ? "ignore-accents" : "";
        int roll = random.nextInt(100);
        String source;
        String target;
        String kind;
        if (roll < 10) { // a surname alone, as articles write it after a first mention
            source = surname(random);
            target = first(random) + " " + source;
            kind = "person";
        } else if (roll < 14) { // an acronym
            StringBuilder acronym = new StringBuilder();
            for (int i = 3 + random.nextInt(3); i > 0; i--) {
                acronym.append((char) ('A' + random.nextInt(26)));
            }
            source = acronym.toString();
            target = "Office " + acronym;
            kind = "organization";
            match = random.nextBoolean() ? "match-case" : match;
        } else if (roll < 50) { // first name and surname
            source = first(random) + " " + surname(random);
            target = source;
            kind = "person";
        } else if (roll < 68) { // first name, particle, surname: 3 words
            source = first(random) + " " + PARTICLES[random.nextInt(PARTICLES.length)] + stem(random);
            target = source.replace("Al-", "El-");
            kind = "person";
        } else if (roll < 73) { // four words
            source = first(random) + " " + first(random) + " " + PARTICLES[random.nextInt(2)] + stem(random);
            target = source;
            kind = "person";
        } else if (roll < 80) {
            int k = random.nextInt(ORG_ONE.length);
            String name = surname(random);
            source = ORG_ONE[k] + " " + name;
            target = name + " " + ORG_ONE_EN[k];
            kind = "organization";
        } else if (roll < 87) {
            int k = random.nextInt(ORG_TWO.length);
            String name = stem(random);
            source = ORG_TWO[k] + " " + name;
            target = ORG_TWO_EN[k] + " " + name;
            kind = "organization";
        } else if (roll < 95) {
            source = random.nextBoolean() ? stem(random) : PLACE_PREFIX[random.nextInt(PLACE_PREFIX.length)] + " "
                    + stem(random);
            target = source;
            kind = "place";
        } else {
            int k = random.nextInt(TITLES.length);
            String place = stem(random);
            source = TITLES[k] + " " + place;
            target = TITLES_EN[k] + " " + place;
            kind = "title";
        }
        return new String[] {source, target, kind, id, match};
    }

    private static String first(Random random) {
        return FIRST[random.nextInt(FIRST.length)];
    }

    /** A surname: a stem, sometimes after a particle written joined ("El-Boudrani", "Benkhelma"). */
    private static String surname(Random random) {
        String stem = stem(random);
        return switch (random.nextInt(6)) {
            case 0 -> "El-" + stem;
            case 1 -> "Ben" + Character.toLowerCase(stem.charAt(0)) + stem.substring(1);
            default -> stem;
        };
    }

    /** Two syllables (three, one time in four) and an ending, capitalised: "Zerdani", "Boulamet", "Khadraoui". */
    private static String stem(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(4) == 0 ? 3 : 2; i > 0; i--) {
            word.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
            if (random.nextInt(3) == 0) {
                word.append(CODAS[random.nextInt(CODAS.length)]);
            }
        }
        word.append(ENDINGS[random.nextInt(ENDINGS.length)]);
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /**
     * A source term compared as matching compares it, near enough to drop duplicates and article words: lower case,
     * everything but letters and digits a space.
     */
    static String key(String source) {
        StringBuilder key = new StringBuilder();
        boolean space = true;
        for (int i = 0; i < source.length(); ) {
            int c = source.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                key.appendCodePoint(Character.toLowerCase(c));
                space = false;
            } else if (!space) {
                key.append(' ');
                space = true;
            }
        }
        return key.toString().strip().toLowerCase(Locale.ROOT);
    }

    /** Every run of up to 12 words of the test articles, as {@link #key} writes them. */
    private static Set<String> articleRuns() {
        Set<String> runs = new LinkedHashSet<>();
        for (String name : ARTICLES) {
            String[] words = key(TestTexts.article(name)).split(" ");
            for (int i = 0; i < words.length; i++) {
                StringBuilder run = new StringBuilder();
                for (int j = i; j < words.length && j < i + GlossaryEntry.MAX_TERM_WORDS; j++) {
                    run.append(j > i ? " " : "").append(words[j]);
                    runs.add(run.toString());
                }
            }
        }
        return runs;
    }

    private static String resource(String path) {
        try (InputStream in = SyntheticGlossary.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
