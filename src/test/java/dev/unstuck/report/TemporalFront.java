package dev.unstuck.report;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TLS frontend before a plaintext Temporal server, as a load balancer, Temporal's own TLS listener or Temporal Cloud
 * puts one: it holds the server's certificate, optionally demands a client certificate signed by a given CA (mutual
 * TLS), optionally refuses every call UNAUTHENTICATED unless it carries {@code authorization: Bearer <key>}, and
 * forwards the calls it admits, as bytes, to the plaintext server.
 */
final class TemporalFront implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final ManagedChannel upstream;
    private final Server server;
    private final List<Boolean> admitted = new CopyOnWriteArrayList<>();

    /**
     * @param clientCa PEM CA that client certificates must chain to, or null for server TLS only
     * @param apiKey   the key every call must carry as a bearer token, or null for none
     */
    TemporalFront(Path serverCert, Path serverKey, Path clientCa, String upstreamTarget, String apiKey)
            throws IOException {
        upstream = ManagedChannelBuilder.forTarget(upstreamTarget).usePlaintext().build();
        ServerInterceptor bearer = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                boolean ok = apiKey == null || ("Bearer " + apiKey).equals(headers.get(AUTHORIZATION));
                admitted.add(ok);
                if (!ok) {
                    call.close(Status.UNAUTHENTICATED.withDescription("the API key is missing or not valid"),
                            new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
        SslContextBuilder tls = GrpcSslContexts.forServer(serverCert.toFile(), serverKey.toFile());
        if (clientCa != null) {
            tls.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(tls.build())
                .fallbackHandlerRegistry(new io.grpc.HandlerRegistry() {
                    @Override
                    public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
                        return forward(method);
                    }
                })
                .intercept(bearer)
                .build().start();
    }

    /** Unary calls only: the ones a report makes (it reads one history). */
    private ServerMethodDefinition<byte[], byte[]> forward(String method) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        return ServerMethodDefinition.create(descriptor, ServerCalls.asyncUnaryCall((request, response) ->
                ClientCalls.asyncUnaryCall(upstream.newCall(descriptor, CallOptions.DEFAULT), request, response)));
    }

    int port() {
        return server.getPort();
    }

    /** For each call that got past TLS to this frontend, whether it was admitted (carried the key, if one is needed). */
    List<Boolean> admitted() {
        return List.copyOf(admitted);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        upstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
