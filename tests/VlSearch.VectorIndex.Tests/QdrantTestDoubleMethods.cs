using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// Registers the <see cref="QdrantTestDouble"/> handlers with ASP.NET Core gRPC. Qdrant.Client ships only client
/// stubs (no service base classes), so each method descriptor is built from the package's message parsers.
/// </summary>
internal sealed class QdrantTestDoubleMethods : IServiceMethodProvider<QdrantTestDouble>
{
    private const string Collections = "qdrant.Collections";
    private const string Points = "qdrant.Points";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<QdrantTestDouble> context)
    {
        Add(context, Collections, "CollectionExists", CollectionExistsRequest.Parser, CollectionExistsResponse.Parser, (d, r) => d.CollectionExists(r));
        Add(context, Collections, "Create", CreateCollection.Parser, CollectionOperationResponse.Parser, (d, r) => d.CreateCollection(r));
        Add(context, Collections, "Delete", DeleteCollection.Parser, CollectionOperationResponse.Parser, (d, r) => d.DeleteCollection(r));
        Add(context, Collections, "Get", GetCollectionInfoRequest.Parser, GetCollectionInfoResponse.Parser, (d, r) => d.GetCollection(r));
        Add(context, Points, "CreateFieldIndex", CreateFieldIndexCollection.Parser, PointsOperationResponse.Parser, (d, r) => d.CreateFieldIndex(r));
        Add(context, Points, "Upsert", UpsertPoints.Parser, PointsOperationResponse.Parser, (d, r) => d.Upsert(r));
        Add(context, Points, "Delete", DeletePoints.Parser, PointsOperationResponse.Parser, (d, r) => d.Delete(r));
        Add(context, Points, "Get", GetPoints.Parser, GetResponse.Parser, (d, r) => d.Get(r));
        Add(context, Points, "Count", CountPoints.Parser, CountResponse.Parser, (d, r) => d.Count(r));
        Add(context, Points, "Query", QueryPoints.Parser, QueryResponse.Parser, (d, r) => d.Query(r));
    }

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<QdrantTestDouble> context,
        string service,
        string name,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser,
        Func<QdrantTestDouble, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            service,
            name,
            Marshallers.Create(m => m.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), responseParser.ParseFrom));
        context.AddUnaryMethod(method, [], (service, request, _) => Task.FromResult(handler(service, request)));
    }
}
