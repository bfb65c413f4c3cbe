package dev.precis;

import dev.precis.eval.EvalCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service, or, with {@code eval} as first argument, runs the evaluation command and exits. The eval run
 * still starts the HTTP server (on a free port) because it is the same application, configured the same way.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("eval")) {
            System.setProperty("quarkus.http.port", "0");
            Quarkus.run(EvalCommand.class, args);
        } else {
            Quarkus.run(args);
        }
    }
}
