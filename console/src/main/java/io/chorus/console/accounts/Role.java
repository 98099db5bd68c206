package io.chorus.console.accounts;

import io.javalin.security.RouteRole;

/** What an account may do: reviewers answer review requests; viewers only look and export. */
public enum Role implements RouteRole {
    REVIEWER, VIEWER
}
