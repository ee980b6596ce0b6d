package dev.fivenines.web;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every invalid field of a request before answering, so a client learns all its mistakes
 * in one 400 rather than one per round trip.
 */
public final class Validation {
    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Validation require(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new Problem.FieldError(field, message));
        }
        return this;
    }

    public Validation notBlank(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (value.length() > maxLength) {
            errors.add(new Problem.FieldError(field, "must be at most " + maxLength + " characters"));
        }
        return this;
    }

    public Validation inRange(Integer value, String field, int min, int max) {
        if (value == null) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (value < min || value > max) {
            errors.add(new Problem.FieldError(field, "must be in [" + min + ", " + max + "], was " + value));
        }
        return this;
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
    }
}
