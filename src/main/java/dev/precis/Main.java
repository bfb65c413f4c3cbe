package dev.precis;

import dev.precis.config.PrecisConfig;
import dev.precis.config.RunMode;
import dev.precis.config.SettingsCheck;
import dev.precis.eval.EvalCommand;
import dev.precis.llm.provider.BackendConfig;
import dev.precis.prompt.PromptLibrary;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the service, or, with {@code eval} as first argument, runs the evaluation command and exits. The eval run
 * still starts the HTTP server (on a free port, on loopback) because it is the same application, configured the same
 * way. Before either, every {@code PRECIS_*} setting is checked: a bad one stops the start with one line naming the
 * environment variable, the value and an example, rather than a stack trace or a failure at the first request.
 */
@QuarkusMain
public class Main {

    /** What {@code --help} prints: the service takes its settings from the environment, not from arguments. */
    static final String USAGE = """
            usage: java -jar quarkus-run.jar            run the service (settings: PRECIS_* environment variables,
                                                        listed in the README's configuration table)
                   java -jar quarkus-run.jar eval ...   score the service against a gold set (eval --help)
            """;

    public static void main(String... args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            System.out.print(USAGE);
            System.exit(0);
        }
        if (args.length > 0 && !args[0].equals("eval")) {
            System.err.print("unknown argument " + args[0] + "\n" + USAGE);
            System.exit(2);
        }
        boolean eval = args.length > 0 && args[0].equals("eval");
        if (eval) {
            // The command line is checked before anything starts: --help and a typo cost no start and no model call.
            try {
                EvalCommand.Options options = EvalCommand.Options.parse(args);
                if (options.help()) {
                    System.out.println(EvalCommand.USAGE);
                    System.exit(EvalCommand.OK);
                }
                options.checkFiles();
            } catch (EvalCommand.UsageException e) {
                System.err.println("eval: " + e.getMessage() + " (eval --help for the options)");
                System.exit(EvalCommand.USAGE_ERROR);
            }
        }
        List<String> problems = preflight(eval);
        if (!problems.isEmpty()) {
            System.err.println("precis cannot start, its settings are invalid:");
            problems.forEach(problem -> System.err.println("  " + problem));
            System.exit(2);
        }
        if (eval) {
            // Both ports free and on loopback: an eval never collides with a service running beside it, and no
            // client can reach it.
            System.setProperty("quarkus.http.port", "0");
            System.setProperty("quarkus.http.host", "127.0.0.1");
            System.setProperty("quarkus.management.port", "0");
            System.setProperty("quarkus.management.host", "127.0.0.1");
            RunMode.eval();
            Quarkus.run(EvalCommand.class, args);
        } else {
            Quarkus.run(args);
        }
    }

    /** Every problem with the settings of this process, one sentence each; empty when it can start. */
    static List<String> preflight() {
        return preflight(false);
    }

    static List<String> preflight(boolean eval) {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((name, value) -> properties.put(String.valueOf(name), String.valueOf(value)));
        SettingsCheck.Findings findings = SettingsCheck.check(System.getenv(), properties);
        List<String> problems = new ArrayList<>(findings.errors());
        if (problems.isEmpty()) {
            try {
                PrecisConfig config = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                        .withConverter(Duration.class, 200, new DurationConverter())
                        .withMapping(PrecisConfig.class)
                        .build().getConfigMapping(PrecisConfig.class);
                BackendConfig.of(config.llm());
                problems.addAll(PromptLibrary.problems(config.promptsDir()));
                if (!eval) {
                    problems.addAll(dev.precis.batch.BatchDatabase.preflight(config.db().url(), config.dataDir()));
                }
            } catch (BackendConfig.InvalidSettings e) {
                problems.addAll(e.problems());
            } catch (RuntimeException e) {
                problems.add("the settings could not be read: " + e.getMessage());
            }
        }
        return problems;
    }
}
