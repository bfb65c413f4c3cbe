package dev.precis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.deadline.Checkpoint;
import dev.precis.glossary.Glossaries;
import dev.precis.glossary.Glossary;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.glossary.GlossaryFile;
import dev.precis.glossary.GlossaryMatch;
import dev.precis.glossary.GlossarySet;
import dev.precis.prompt.PromptSet;
import dev.precis.support.TestTexts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a glossary costs besides the time of a digest (issue 17), printed as JSON (to the file given, else stdout):
 * <ul>
 * <li><b>tokens</b> (o200k_base, counted as {@link TokenReport} counts them) of the user message for each test article
 * without a glossary, with {@code glossaries/newsroom.tsv}, and with newsroom.tsv plus the synthetic entries of
 * {@link SyntheticGlossary} (100,000 entries in all): only the entries an article mentions are sent, so the last two
 * must be equal; the glossary block alone, and what its tags and instruction line add;</li>
 * <li><b>loading</b> a glossary file of 100,000 and of 1,000,000 entries (10,000 with {@code --smoke}) written to a
 * temporary folder, through the service's loader ({@code Glossaries}, as at startup) and split into parsing
 * ({@code GlossaryFile.parse}) and indexing ({@code new Glossary}): time, the heap it keeps (used heap after full
 * collections, before and after), a reload of the same file while the old version is in force, the classes that
 * heap is made of, and a rough match time per article in the loaded glossary. Run it with the heap the question is
 * asked for ({@code -Xmx768m} in bench/glossary.sh): a size that does not fit says so instead of a figure.</li>
 * </ul>
 * Run from the repository root (the prompts are read from prompts/): {@code java -Xmx768m -cp
 * target/test-classes:target/classes:<test classpath> dev.precis.bench.GlossaryReport [--smoke] [report.json]}.
 */
public final class GlossaryReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE_LANGUAGE = "fr";

    private GlossaryReport() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        Optional<String> out = Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tokenizer", "o200k_base");
        report.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1 << 20));
        report.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        SyntheticGlossary.Generated large = SyntheticGlossary.generate(GlossaryBenchmark.ENTRIES);
        report.put("largeGlossary", describe(large));
        report.put("tokens", tokens(large));
        large = null;
        List<Map<String, Object>> loads = new ArrayList<>();
        if (smoke) {
            loads.add(load(10_000, 1, false));
        } else {
            loads.add(load(100_000, 5, true));
            Map<String, Object> million = load(1_000_000, 2, false);
            loads.add(million);
            if (!Boolean.TRUE.equals(million.get("fits"))) {
                // How far this heap goes: half as many, then a quarter.
                for (int size : new int[] {500_000, 250_000}) {
                    Map<String, Object> smaller = load(size, 1, false);
                    loads.add(smaller);
                    if (Boolean.TRUE.equals(smaller.get("fits"))) {
                        break;
                    }
                }
            }
        }
        report.put("loading", loads);
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + System.lineSeparator();
        if (out.isPresent()) {
            Files.writeString(Path.of(out.get()), json, StandardCharsets.UTF_8);
        } else {
            System.out.print(json);
        }
    }

    // ---- the large glossary ----

    private static Map<String, Object> describe(SyntheticGlossary.Generated generated) {
        Map<String, Object> d = new LinkedHashMap<>();
        List<GlossaryEntry> entries = generated.entries();
        d.put("entries", entries.size());
        d.put("newsroomEntries", SyntheticGlossary.newsroomLines().size());
        d.put("syntheticEntries", entries.size() - SyntheticGlossary.newsroomLines().size());
        d.put("seed", SyntheticGlossary.SEED);
        d.put("tsvBytes", generated.tsv().getBytes(StandardCharsets.UTF_8).length);
        Map<Integer, Integer> words = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        int withId = 0;
        for (GlossaryEntry entry : entries) {
            words.merge(SyntheticGlossary.key(entry.source()).split(" ").length, 1, Integer::sum);
            kinds.merge(entry.kind().label(), 1, Integer::sum);
            withId += entry.id() == null ? 0 : 1;
        }
        d.put("entriesByWords", words);
        d.put("entriesByKind", kinds);
        d.put("entriesWithId", withId);
        d.put("examples", generated.lines().subList(SyntheticGlossary.newsroomLines().size() + 1,
                SyntheticGlossary.newsroomLines().size() + 13));
        d.put("candidatesDroppedAsTestArticleWords", generated.droppedAsArticleWords());
        d.put("candidatesDroppedAsDuplicates", generated.droppedAsDuplicates());
        return d;
    }

    // ---- tokens ----

    private static Map<String, Object> tokens(SyntheticGlossary.Generated large) throws IOException {
        PromptSet prompts = TokenReport.prompts();
        GlossaryFile.Parsed newsroomFile = GlossaryFile.parse(SyntheticGlossary.newsroomTsv(), false, 1_000);
        GlossarySet newsroom = new GlossarySet(List.of(new Glossary("newsroom", newsroomFile.entries())));
        GlossarySet both = new GlossarySet(List.of(new Glossary("large", large.entries())));
        int fixed = TokenReport.tokens(prompts.system()) + TokenReport.tokens(prompts.schemaText());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("fixedSystemAndSchema", fixed);
        List<Map<String, Object>> articles = new ArrayList<>();
        List<String> names = new ArrayList<>(SyntheticGlossary.ARTICLES);
        names.add(GlossaryBenchmark.LONG);
        for (String name : names) {
            String text = GlossaryBenchmark.text(name);
            GlossaryMatch small = newsroom.match(text, Checkpoint.NONE);
            GlossaryMatch big = both.match(text, Checkpoint.NONE);
            int without = TokenReport.tokens(user(prompts, text, ""));
            int withNewsroom = TokenReport.tokens(user(prompts, text, small.promptBlock()));
            int withLarge = TokenReport.tokens(user(prompts, text, big.promptBlock()));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("article", name);
            a.put("chars", text.length());
            a.put("userTokensWithoutGlossary", without);
            a.put("userTokensNewsroom", withNewsroom);
            a.put("userTokensNewsroomPlus100k", withLarge);
            a.put("addedByGlossary", withLarge - without);
            a.put("newsroomEqualsLarge", withNewsroom == withLarge && small.promptBlock().equals(big.promptBlock()));
            a.put("blockTokens", big.isEmpty() ? 0 : TokenReport.tokens(big.promptBlock()));
            a.put("tagsAndInstructionTokens", big.isEmpty() ? 0
                    : withLarge - without - TokenReport.tokens(big.promptBlock()));
            a.put("entriesFoundNewsroom", small.entries().size());
            a.put("entriesFoundLarge", big.entries().size());
            a.put("occurrencesLarge", big.occurrences().size());
            a.put("inputTokensWithoutGlossary", fixed + without);
            a.put("inputTokensWithLarge", fixed + withLarge);
            if (name.equals("glossary-two-spellings")) {
                a.put("block", big.promptBlock());
                a.put("entriesFound", big.entries().stream().map(GlossaryEntry::describe).toList());
            }
            if (name.equals(GlossaryBenchmark.LONG)) {
                a.put("note", "the service sends a long article in parts, each with the entries of its own text; "
                        + "these counts are of the whole article in one message");
            }
            articles.add(a);
        }
        t.put("articles", articles);
        return t;
    }

    private static String user(PromptSet prompts, String text, String block) {
        return prompts.userMessage(text, null, null, SOURCE_LANGUAGE, false, PromptSet.Part.WHOLE, block);
    }

    // ---- loading ----

    private static Map<String, Object> load(int size, int runs, boolean histogram) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("entries", size);
        Path dir = Files.createTempDirectory("precis-glossary-bench");
        Path file = dir.resolve("large.tsv");
        String phase = "writing the file";
        try {
            SyntheticGlossary.generate(size).write(file);
            r.put("fileBytes", Files.size(file));
            List<Double> loaderMs = new ArrayList<>();
            List<Long> retained = new ArrayList<>();
            Map<String, long[]> before = null;
            Glossaries kept = null;
            for (int run = 0; run < runs; run++) {
                kept = null;
                phase = "loading (run " + (run + 1) + " of " + runs + ")";
                long base = usedAfterGc();
                if (histogram && run == runs - 1) {
                    before = histogram();
                }
                long t0 = System.nanoTime();
                Glossaries glossaries = new Glossaries(Optional.of(dir), Duration.ZERO, size, 1L << 30, 500);
                long t1 = System.nanoTime();
                int loaded = glossaries.get("large").map(Glossary::size).orElse(0);
                if (loaded != size) {
                    throw new IllegalStateException("the loader kept " + loaded + " of " + size + " entries");
                }
                loaderMs.add((t1 - t0) / 1e6);
                retained.add(usedAfterGc() - base);
                kept = glossaries;
            }
            r.put("loaderMs", loaderMs);
            r.put("loaderMsFirst", loaderMs.get(0));
            r.put("loaderMsMedian", median(loaderMs));
            long retainedBytes = median(retained.stream().map(Long::doubleValue).toList()).longValue();
            r.put("retainedBytes", retained);
            r.put("retainedMb", round(retainedBytes / 1048576.0));
            r.put("retainedBytesPerEntry", retainedBytes / size);
            if (before != null) {
                r.put("retainedByClass", difference(before, histogram(), retainedBytes));
            }
            // A changed file is read again while the version read before stays in force (and serves requests).
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            phase = "reloading while the version read before is in force";
            long t0 = System.nanoTime();
            Glossary reloaded = kept.get("large").orElseThrow();
            r.put("reloadWhileInForceMs", round((System.nanoTime() - t0) / 1e6));
            r.put("reloadedEntries", reloaded.size());
            phase = "matching";
            r.put("matchMicrosPerArticle", matchTimes(new GlossarySet(List.of(reloaded))));
            Reference.reachabilityFence(kept);
            kept = null;
            reloaded = null;
            // The two steps apart, in this warmed JVM.
            phase = "parsing and indexing apart";
            String content = Files.readString(file, StandardCharsets.UTF_8);
            long p0 = System.nanoTime();
            GlossaryFile.Parsed parsed = GlossaryFile.parse(content, false, size);
            long p1 = System.nanoTime();
            Glossary glossary = new Glossary("large", parsed.entries());
            long p2 = System.nanoTime();
            r.put("parseMs", round((p1 - p0) / 1e6));
            r.put("indexMs", round((p2 - p1) / 1e6));
            r.put("skippedLines", parsed.skipped());
            Reference.reachabilityFence(glossary);
            r.put("fits", true);
        } catch (OutOfMemoryError e) {
            r.put("fits", false);
            r.put("error", "OutOfMemoryError (" + e.getMessage() + ") while " + phase);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        usedAfterGc();
        return r;
    }

    /** Each test article's match in a loaded glossary: a rough figure (no JMH), the median of 5 timed batches. */
    private static Map<String, Double> matchTimes(GlossarySet set) {
        Map<String, Double> times = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(SyntheticGlossary.ARTICLES);
        names.add(GlossaryBenchmark.LONG);
        for (String name : names) {
            String text = GlossaryBenchmark.text(name);
            int n = text.length() > 10_000 ? 20 : 2_000;
            for (int i = 0; i < n; i++) {
                set.match(text, Checkpoint.NONE);
            }
            List<Double> batches = new ArrayList<>();
            for (int b = 0; b < 5; b++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    set.match(text, Checkpoint.NONE);
                }
                batches.add((System.nanoTime() - t0) / 1e3 / n);
            }
            times.put(name, round(median(batches)));
        }
        return times;
    }

    /** Used heap after full collections (System.gc() runs a full collection with G1 unless told otherwise). */
    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Live objects by class ({@code jcmd <pid> GC.class_histogram}, which collects first): instances and bytes. The
     * output goes to a file: the histogram is written while this JVM is stopped, which could not drain a pipe.
     */
    private static Map<String, long[]> histogram() {
        Map<String, long[]> classes = new HashMap<>();
        Path output = null;
        try {
            output = Files.createTempFile("precis-histogram", ".txt");
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(ProcessHandle.current().pid()),
                    "GC.class_histogram").redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd did not answer in 120 s");
            }
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            classes.put("(no histogram: " + e + ")", new long[] {0, 0});
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
        return classes;
    }

    private static List<Map<String, Object>> difference(Map<String, long[]> before, Map<String, long[]> after,
            long retained) {
        List<Map<String, Object>> rows = new ArrayList<>();
        after.forEach((name, counts) -> {
            long[] was = before.getOrDefault(name, new long[2]);
            long bytes = counts[1] - was[1];
            if (bytes > retained / 100) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", name);
                row.put("instances", counts[0] - was[0]);
                row.put("mb", round(bytes / 1048576.0));
                row.put("share", round(100.0 * bytes / retained));
                rows.add(row);
            }
        });
        rows.sort(Comparator.comparingDouble((Map<String, Object> row) -> (Double) row.get("mb")).reversed());
        return rows;
    }

    private static Double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
