package ovload.standin.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import ovload.support.DaemonThreads;

/**
 * The stand-in's HTTP/1.1 server on loopback, built on Netty so that every request reaches the
 * stand-in, however malformed: the JDK HttpServer answered a bad percent-escape, a bad request
 * line or a bad header with its own HTML page before any handler saw it. Requests are decoded on
 * two event-loop threads and handled on {@code workers} (the handlers block).
 */
public final class NettyFront implements AutoCloseable {
  /** One request: the raw request target (undecoded), headers by lower-case name, the body. */
  public record Request(String method, String target, Map<String, String> headers, byte[] body, String decodeError) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  public record Response(int status, Map<String, String> headers, byte[] body) {}

  private final EventLoopGroup loops;
  private final Channel channel;

  public NettyFront(int port, int maxBodyBytes, ExecutorService workers, Function<Request, Response> handler,
      Function<String, Response> rejected) {
    loops = new NioEventLoopGroup(2, DaemonThreads.named("standin-io"));
    ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 256)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(64 * 1024, 64 * 1024, 64 * 1024));
            ch.pipeline().addLast(new HttpObjectAggregator(maxBodyBytes) {
              @Override
              protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                // as Netty's own handling: on a keep-alive connection the rest of the body is read
                // and dropped, so the client gets the answer instead of a reset
                write(ctx, rejected.apply("TOO_LARGE"), HttpUtil.isKeepAlive(oversized)
                    && !(oversized instanceof io.netty.handler.codec.http.FullHttpMessage));
              }
            });
            ch.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                Map<String, String> headers = new TreeMap<>();
                request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
                String failure = request.decoderResult().isFailure()
                    ? String.valueOf(request.decoderResult().cause().getMessage()) : null;
                Request r = new Request(request.method().name(), request.uri(), headers,
                    ByteBufUtil.getBytes(request.content()), failure);
                workers.execute(() -> write(ctx, handler.apply(r), keepAlive && failure == null));
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
              }
            });
          }
        });
    try {
      channel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding 127.0.0.1:" + port, e);
    } catch (RuntimeException e) {
      loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
      throw new IllegalStateException("cannot bind 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
    r.headers().forEach((k, v) -> response.headers().set(k, v));
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    HttpUtil.setKeepAlive(response, keepAlive);
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
