package dev.precis.api;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The version and commit this build carries (the commit is "unknown" for a build made outside a git checkout). */
@Singleton
public class ServiceBuild {

    private final String version;
    private final String commit;

    ServiceBuild(@ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.version = version;
        Properties git = new Properties();
        try (InputStream in = ServiceBuild.class.getClassLoader().getResourceAsStream("precis-git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // no commit to tell
        }
        String id = git.getProperty("git.commit.id.abbrev", "unknown");
        this.commit = "true".equals(git.getProperty("git.dirty")) ? id + "-dirty" : id;
    }

    public String version() {
        return version;
    }

    public String commit() {
        return commit;
    }
}
