package dev.fivenines.commerce.http;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.payment.PaymentUnavailableException;
import dev.fivenines.db.DatabaseException;
import dev.fivenines.inventory.InventoryUnavailableException;
import io.helidon.webserver.http.Handler;

/**
 * Wraps every shop handler so a dependency that is down answers 503 + Retry-After (the request is
 * safe to retry, nothing half-way was committed) rather than reaching the generic 500 handler, and
 * a database error the request caused answers 400/409 ({@link DatabaseProblems}).
 * Done per handler so it holds whatever error handlers a role installs.
 */
public final class Guard {
    public static final int DATABASE_RETRY_AFTER_SECONDS = 2;

    private Guard() {
    }

    public static Handler guard(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (DatabaseException e) {
                throw DatabaseProblems.answer(e, "the shop's database is not answering; nothing was changed. Retry shortly",
                        DATABASE_RETRY_AFTER_SECONDS);
            } catch (ProblemException e) {
                // Checkout answers database failures itself, as 503s; one the request caused is no outage.
                throw DatabaseProblems.reclassify(e);
            } catch (InventoryUnavailableException e) {
                throw new ProblemException(Problem.unavailable("the stock ledger is not answering; nothing was changed. Retry shortly"),
                        DATABASE_RETRY_AFTER_SECONDS, e);
            } catch (PaymentUnavailableException e) {
                throw new ProblemException(Problem.unavailable("the payment provider is not answering; nothing was changed. Retry shortly"),
                        e.retryAfterSeconds(), e);
            }
        };
    }
}
