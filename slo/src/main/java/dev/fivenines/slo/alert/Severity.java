package dev.fivenines.slo.alert;

/** Who hears of a burn: a page wakes someone (or the autopilot), a ticket waits for the day. */
public enum Severity {
    PAGE, TICKET
}
