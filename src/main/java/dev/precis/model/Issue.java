package dev.precis.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One finding of the validation: a stable code, the JSON path of the field concerned, a sentence for humans. */
public record Issue(String code, String path, String message, @JsonIgnore boolean repairable) {

    public static Issue of(IssueCode code, String path, String message) {
        return new Issue(code.code(), path, message, code.repairable());
    }

    /** How the issue is quoted to the model in a repair request. */
    public String forRepair() {
        return path + ": " + message;
    }
}
