package dev.fivenines.edge.admission;

import dev.fivenines.base.ConfigException;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.edge.config.Traffic;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.AdmissionMode;
import dev.fivenines.traffic.admission.Limits;
import dev.fivenines.traffic.admission.ShedLog;
import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Http;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * A node's admission controller as configured, and the token-protected switch of its mode
 * ({@code PUT /admin/traffic/admission} with {@code {"mode": "adaptive|bulkhead|off"}} or the older
 * {@code {"enabled": true|false}}), so benchmarks compare the modes on the same warm cluster.
 * The edge and every shop use it.
 */
public final class AdmissionAdmin {
    private static final Logger LOG = Logger.getLogger(AdmissionAdmin.class.getName());

    record ModeRequest(String mode, Boolean enabled) {
    }

    private AdmissionAdmin() {
    }

    /** The controller of {@code traffic}: limit algorithm, shed log, bulkhead and start mode from config. */
    public static AdmissionController controller(Traffic traffic, LongSupplier nanoTime) {
        AdmissionController controller = new AdmissionController(traffic.admissionConfig(),
                Limits.create(traffic.admissionConfig()), nanoTime,
                new ShedLog(nanoTime, TimeUnit.MILLISECONDS.toNanos(traffic.admission().shedLogIntervalMillis())),
                traffic.bulkheadSettings(), traffic.guardSettings());
        controller.mode(traffic.admissionMode());
        return controller;
    }

    /** {@code GET} and {@code PUT /admin/traffic/admission} for a node that has no richer traffic admin. */
    public static void routes(HttpRouting.Builder routing, AdminToken token, AdmissionController controller) {
        routing.get("/admin/traffic/admission", (req, res) -> {
            token.require(req);
            Http.json(res, 200, controller.snapshot());
        }).put("/admin/traffic/admission", (req, res) -> {
            token.require(req);
            setMode(req, List.of(controller));
            Http.json(res, 200, controller.snapshot());
        });
    }

    /** Reads a mode request, switches every controller and logs it; 400 problem+json for a bad body. */
    public static void setMode(ServerRequest req, List<AdmissionController> controllers) {
        ModeRequest request = Http.readJson(req, ModeRequest.class);
        AdmissionMode mode;
        if (request.mode() != null) {
            try {
                mode = AdmissionMode.parse("mode", request.mode());
            } catch (ConfigException e) {
                throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError("mode", e.getMessage()))));
            }
        } else if (request.enabled() != null) {
            mode = request.enabled() ? AdmissionMode.ADAPTIVE : AdmissionMode.OFF;
        } else {
            throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError("mode",
                    "is required: adaptive, bulkhead or off (or \"enabled\": true|false)"))));
        }
        controllers.forEach(c -> c.mode(mode));
        LOG.warning("admission mode set to " + mode);
    }
}
