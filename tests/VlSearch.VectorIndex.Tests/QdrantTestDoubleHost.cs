using System.Net;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Hosts a <see cref="QdrantTestDouble"/> on 127.0.0.1 (random port) with Kestrel over plaintext HTTP/2.</summary>
public sealed class QdrantTestDoubleHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private QdrantTestDoubleHost(WebApplication app, QdrantTestDouble testDouble, string url)
    {
        _app = app;
        Double = testDouble;
        Url = url;
    }

    public QdrantTestDouble Double { get; }

    public string Url { get; }

    public static async Task<QdrantTestDoubleHost> StartAsync()
    {
        var testDouble = new QdrantTestDouble();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.EnableDetailedErrors = true);
        builder.Services.AddSingleton(testDouble);
        builder.Services.AddSingleton<IServiceMethodProvider<QdrantTestDouble>, QdrantTestDoubleMethods>();
        var app = builder.Build();
        app.MapGrpcService<QdrantTestDouble>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new QdrantTestDoubleHost(app, testDouble, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
