package dev.unstuck.workflow;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;

/**
 * Only for workers connected to the Temporal test server: it never falls back from a dead worker's sticky queue
 * (the real server does after a timeout), so a workflow whose last worker crashed would wait forever. Dropping the
 * sticky attributes makes every workflow task go to the normal task queue, where any live worker takes it over
 * by replaying the history.
 */
public final class StickyQueueClearingInterceptor implements ClientInterceptor {

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (!method.getFullMethodName().endsWith("/RespondWorkflowTaskCompleted")) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            @SuppressWarnings("unchecked")
            public void sendMessage(Q message) {
                if (message instanceof RespondWorkflowTaskCompletedRequest r && r.hasStickyAttributes()) {
                    message = (Q) r.toBuilder().clearStickyAttributes().build();
                }
                super.sendMessage(message);
            }
        };
    }
}
