package dev.fivenines.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The stock ledger's Raft groups as the console shows them, put together from every replica's own
 * {@code GET /admin/inventory}: per group, the leader (as the replicas that answered see it, each
 * view kept when they disagree, as in an election) and each replica's applied index, so a replica
 * that lags or is unreachable stands out.
 */
final class RaftView {
    private RaftView() {
    }

    static Map<String, Object> of(Map<ConsoleTopology.Instance, CompletableFuture<ConsoleTopology.Answer>> answers) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        Map<String, String> instanceOfPeer = new LinkedHashMap<>();
        List<Map<String, Object>> unreachable = new ArrayList<>();
        Map<ConsoleTopology.Instance, JsonNode> views = new LinkedHashMap<>();
        answers.forEach((instance, future) -> {
            ConsoleTopology.Answer answer = future.join();
            JsonNode view = answer.status() == 200 ? parse(answer.body()) : null;
            if (view == null) {
                unreachable.add(Map.of("instance", instance.name(), "detail", answer.status() == 0 ? answer.error()
                        : answer.status() == 200 ? "answered 200 with a body that is not JSON" : "answered " + answer.status()));
                return;
            }
            views.put(instance, view);
            instanceOfPeer.put(view.path("peer").asText(), instance.name());
        });
        views.forEach((instance, view) -> {
            for (JsonNode g : view.path("groups")) {
                Map<String, Object> group = groups.computeIfAbsent(g.path("name").asText(), name -> {
                    Map<String, Object> fresh = new LinkedHashMap<>();
                    fresh.put("name", name);
                    fresh.put("leader", null);
                    fresh.put("leaderInstance", null);
                    fresh.put("leaderViews", new LinkedHashMap<String, String>());
                    fresh.put("replicas", new ArrayList<Map<String, Object>>());
                    return fresh;
                });
                String leader = g.path("leader").isTextual() ? g.path("leader").asText() : null;
                @SuppressWarnings("unchecked")
                Map<String, String> leaderViews = (Map<String, String>) group.get("leaderViews");
                leaderViews.put(instance.name(), leader);
                if (g.path("isLeader").asBoolean(false) || group.get("leader") == null && leader != null) {
                    group.put("leader", leader);
                    group.put("leaderInstance", leader == null ? null : instanceOfPeer.get(leader));
                }
                Map<String, Object> replica = new LinkedHashMap<>();
                replica.put("instance", instance.name());
                replica.put("peer", view.path("peer").asText());
                replica.put("isLeader", g.path("isLeader").asBoolean(false));
                replica.put("appliedIndex", g.path("appliedIndex").asLong());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> replicas = (List<Map<String, Object>>) group.get("replicas");
                replicas.add(replica);
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groups", new ArrayList<>(groups.values()));
        body.put("unreachable", unreachable);
        return body;
    }

    private static JsonNode parse(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
