using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// An in-memory stand-in for the Qdrant gRPC calls the adapter makes: collections, payload indexes, upsert,
/// delete, get, count and nearest-neighbour queries with cosine scoring and must/should/must-not filters. It
/// implements the semantics honestly (exact search) so the conformance suite checks the adapter's request and
/// response mapping, and it can inject transient failures to exercise retries.
/// </summary>
public sealed class QdrantTestDouble
{
    private readonly ConcurrentDictionary<string, StoredCollection> _collections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _failuresLeft;
    private StatusCode _failureStatus;

    /// <summary>Makes the next <paramref name="count"/> calls fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, StatusCode status)
    {
        _failureStatus = status;
        Volatile.Write(ref _failuresLeft, count);
    }

    /// <summary>How many times a method ("Points/Upsert") was called, failed attempts included.</summary>
    public int Calls(string method) => _calls.GetValueOrDefault(method);

    public CreateCollection? CreationRequest(string collection) =>
        _collections.TryGetValue(collection, out var stored) ? stored.Creation : null;

    public IReadOnlyDictionary<string, FieldType> FieldIndexes(string collection) =>
        _collections.TryGetValue(collection, out var stored) ? new Dictionary<string, FieldType>(stored.FieldIndexes) : [];

    /// <summary>Changes a stored payload in place, as points written by an older version of the adapter look.</summary>
    public void EditPayload(string collection, ulong id, Action<MapField<string, Value>> edit)
    {
        var stored = _collections[collection];
        lock (stored)
        {
            edit(stored.Points[id].Payload);
        }
    }

    public MapField<string, Value>? StoredPayload(string collection, ulong id)
    {
        if (!_collections.TryGetValue(collection, out var stored))
        {
            return null;
        }

        lock (stored)
        {
            return stored.Points.TryGetValue(id, out var point) ? point.Payload.Clone() : null;
        }
    }

    internal CollectionExistsResponse CollectionExists(CollectionExistsRequest request)
    {
        Enter("Collections/CollectionExists");
        return new CollectionExistsResponse { Result = new global::Qdrant.Client.Grpc.CollectionExists { Exists = _collections.ContainsKey(request.CollectionName) } };
    }

    internal CollectionOperationResponse CreateCollection(CreateCollection request)
    {
        Enter("Collections/Create");
        var parameters = request.VectorsConfig?.Params
            ?? throw Error(StatusCode.InvalidArgument, "only a single unnamed vector is supported");
        if (parameters.Size == 0)
        {
            throw Error(StatusCode.InvalidArgument, "vector size must be positive");
        }

        if (!_collections.TryAdd(request.CollectionName, new StoredCollection(request, parameters)))
        {
            throw Error(StatusCode.AlreadyExists, $"Collection `{request.CollectionName}` already exists!");
        }

        return new CollectionOperationResponse { Result = true };
    }

    internal CollectionOperationResponse DeleteCollection(DeleteCollection request)
    {
        Enter("Collections/Delete");
        return new CollectionOperationResponse { Result = _collections.TryRemove(request.CollectionName, out _) };
    }

    internal GetCollectionInfoResponse GetCollection(GetCollectionInfoRequest request)
    {
        Enter("Collections/Get");
        var stored = Find(request.CollectionName);
        lock (stored)
        {
            var info = new CollectionInfo
            {
                Status = CollectionStatus.Green,
                PointsCount = (ulong)stored.Points.Count,
                Config = new CollectionConfig
                {
                    Params = new CollectionParams
                    {
                        ShardNumber = stored.Creation.ShardNumber,
                        ReplicationFactor = stored.Creation.ReplicationFactor,
                        WriteConsistencyFactor = stored.Creation.WriteConsistencyFactor,
                        VectorsConfig = new VectorsConfig { Params = stored.Parameters.Clone() },
                    },
                },
            };
            foreach (var (field, type) in stored.FieldIndexes)
            {
                info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = ToSchemaType(type) };
            }

            return new GetCollectionInfoResponse { Result = info };
        }
    }

    internal PointsOperationResponse CreateFieldIndex(CreateFieldIndexCollection request)
    {
        Enter("Points/CreateFieldIndex");
        Find(request.CollectionName).FieldIndexes[request.FieldName] = request.FieldType;
        return Completed();
    }

    internal PointsOperationResponse Upsert(UpsertPoints request)
    {
        Enter("Points/Upsert");
        var stored = Find(request.CollectionName);
        var incoming = new List<(ulong Id, StoredPoint Point)>();
        foreach (var point in request.Points)
        {
            if (point.Id.PointIdOptionsCase != PointId.PointIdOptionsOneofCase.Num)
            {
                throw Error(StatusCode.InvalidArgument, "only numeric point ids are supported");
            }

            var dense = point.Vectors?.Vector?.Dense?.Data
                ?? throw Error(StatusCode.InvalidArgument, "point without a dense vector");
            incoming.Add((point.Id.Num, new StoredPoint(stored.Prepare(dense.ToArray()), point.Payload.Clone())));
        }

        lock (stored)
        {
            foreach (var (id, point) in incoming)
            {
                stored.Points[id] = point;
            }
        }

        return Completed();
    }

    internal PointsOperationResponse Delete(DeletePoints request)
    {
        Enter("Points/Delete");
        var stored = Find(request.CollectionName);
        lock (stored)
        {
            var ids = request.Points.PointsSelectorOneOfCase switch
            {
                PointsSelector.PointsSelectorOneOfOneofCase.Points => request.Points.Points.Ids.Select(i => i.Num).ToList(),
                PointsSelector.PointsSelectorOneOfOneofCase.Filter => stored.Points
                    .Where(p => FilterMatches(request.Points.Filter, p.Key, p.Value.Payload)).Select(p => p.Key).ToList(),
                _ => throw Error(StatusCode.InvalidArgument, "empty points selector"),
            };
            foreach (var id in ids)
            {
                stored.Points.Remove(id);
            }
        }

        return Completed();
    }

    internal GetResponse Get(GetPoints request)
    {
        Enter("Points/Get");
        var stored = Find(request.CollectionName);
        var response = new GetResponse();
        lock (stored)
        {
            foreach (var id in request.Ids)
            {
                if (!stored.Points.TryGetValue(id.Num, out var point))
                {
                    continue;
                }

                var retrieved = new RetrievedPoint { Id = id.Num };
                if (request.WithPayload?.Enable == true)
                {
                    retrieved.Payload.Add(point.Payload);
                }

                if (request.WithVectors?.Enable == true)
                {
                    var output = new VectorOutput { Dense = new DenseVector() };
                    output.Dense.Data.Add(point.Vector);
                    retrieved.Vectors = new VectorsOutput { Vector = output };
                }

                response.Result.Add(retrieved);
            }
        }

        return response;
    }

    internal CountResponse Count(CountPoints request)
    {
        Enter("Points/Count");
        var stored = Find(request.CollectionName);
        lock (stored)
        {
            var count = stored.Points.Count(p => request.Filter is null || FilterMatches(request.Filter, p.Key, p.Value.Payload));
            return new CountResponse { Result = new CountResult { Count = (ulong)count } };
        }
    }

    internal QueryResponse Query(QueryPoints request)
    {
        Enter("Points/Query");
        var stored = Find(request.CollectionName);
        var nearest = request.Query?.Nearest?.Dense?.Data
            ?? throw Error(StatusCode.InvalidArgument, "only nearest queries with a dense vector are supported");
        var query = stored.Prepare(nearest.ToArray());
        var limit = request.HasLimit ? (int)request.Limit : 10;
        var offset = request.HasOffset ? (int)request.Offset : 0;
        var response = new QueryResponse();
        lock (stored)
        {
            var ranked = stored.Points
                .Where(p => request.Filter is null || FilterMatches(request.Filter, p.Key, p.Value.Payload))
                .Select(p => (Id: p.Key, Point: p.Value, Score: TensorPrimitives.Dot(query, p.Value.Vector)))
                .Where(x => !request.HasScoreThreshold || x.Score >= request.ScoreThreshold)
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.Id)
                .Skip(offset)
                .Take(limit);
            foreach (var (id, point, score) in ranked)
            {
                var scored = new ScoredPoint { Id = id, Score = score };
                if (request.WithPayload?.Enable == true)
                {
                    scored.Payload.Add(point.Payload);
                }

                response.Result.Add(scored);
            }
        }

        return response;
    }

    private static PayloadSchemaType ToSchemaType(FieldType type) => type switch
    {
        FieldType.Keyword => PayloadSchemaType.Keyword,
        FieldType.Integer => PayloadSchemaType.Integer,
        FieldType.Float => PayloadSchemaType.Float,
        FieldType.Bool => PayloadSchemaType.Bool,
        FieldType.Datetime => PayloadSchemaType.Datetime,
        FieldType.Text => PayloadSchemaType.Text,
        _ => PayloadSchemaType.UnknownType,
    };

    private static PointsOperationResponse Completed() =>
        new() { Result = new UpdateResult { Status = UpdateStatus.Completed } };

    private static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));

    private static bool FilterMatches(Filter filter, ulong id, MapField<string, Value> payload) =>
        filter.Must.All(c => ConditionMatches(c, id, payload)) &&
        (filter.Should.Count == 0 || filter.Should.Any(c => ConditionMatches(c, id, payload))) &&
        !filter.MustNot.Any(c => ConditionMatches(c, id, payload));

    private static bool ConditionMatches(Condition condition, ulong id, MapField<string, Value> payload) =>
        condition.ConditionOneOfCase switch
        {
            Condition.ConditionOneOfOneofCase.Field => FieldMatches(condition.Field, payload),
            Condition.ConditionOneOfOneofCase.Filter => FilterMatches(condition.Filter, id, payload),
            Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Any(p => p.Num == id),
            Condition.ConditionOneOfOneofCase.IsEmpty => !Values(payload, condition.IsEmpty.Key).Any(),
            _ => throw Error(StatusCode.Unimplemented, $"condition {condition.ConditionOneOfCase} is not supported"),
        };

    /// <summary>Qdrant semantics: a condition on an array field holds when any element satisfies it.</summary>
    private static bool FieldMatches(FieldCondition field, MapField<string, Value> payload)
    {
        var values = Values(payload, field.Key).ToList();
        if (field.Match is null && field.Range is null)
        {
            throw Error(StatusCode.Unimplemented, $"field condition on {field.Key} is not supported");
        }

        if (field.Match is { } match && !values.Any(v => MatchHolds(match, v)))
        {
            return false;
        }

        return field.Range is not { } range || values.Any(v => RangeHolds(range, v));
    }

    private static bool MatchHolds(Match match, Value value) => match.MatchValueCase switch
    {
        Match.MatchValueOneofCase.Keyword => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == match.Keyword,
        Match.MatchValueOneofCase.Keywords => value.KindCase == Value.KindOneofCase.StringValue && match.Keywords.Strings.Contains(value.StringValue),
        Match.MatchValueOneofCase.ExceptKeywords => value.KindCase == Value.KindOneofCase.StringValue && !match.ExceptKeywords.Strings.Contains(value.StringValue),
        Match.MatchValueOneofCase.Integer => value.KindCase == Value.KindOneofCase.IntegerValue && value.IntegerValue == match.Integer,
        Match.MatchValueOneofCase.Integers => value.KindCase == Value.KindOneofCase.IntegerValue && match.Integers.Integers.Contains(value.IntegerValue),
        Match.MatchValueOneofCase.Boolean => value.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == match.Boolean,
        _ => throw Error(StatusCode.Unimplemented, $"match {match.MatchValueCase} is not supported"),
    };

    private static bool RangeHolds(global::Qdrant.Client.Grpc.Range range, Value value)
    {
        double number;
        if (value.KindCase == Value.KindOneofCase.IntegerValue)
        {
            number = value.IntegerValue;
        }
        else if (value.KindCase == Value.KindOneofCase.DoubleValue)
        {
            number = value.DoubleValue;
        }
        else
        {
            return false;
        }

        return (!range.HasGt || number > range.Gt) && (!range.HasGte || number >= range.Gte) &&
               (!range.HasLt || number < range.Lt) && (!range.HasLte || number <= range.Lte);
    }

    private static IEnumerable<Value> Values(MapField<string, Value> payload, string key)
    {
        if (!payload.TryGetValue(key, out var value) || value.KindCase == Value.KindOneofCase.NullValue)
        {
            return [];
        }

        return value.KindCase == Value.KindOneofCase.ListValue ? value.ListValue.Values : [value];
    }

    private void Enter(string method)
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw Error(_failureStatus, "injected failure");
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
    }

    private StoredCollection Find(string name) =>
        _collections.TryGetValue(name, out var stored)
            ? stored
            : throw Error(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!");

    private sealed class StoredCollection(CreateCollection creation, VectorParams parameters)
    {
        public CreateCollection Creation { get; } = creation;

        public VectorParams Parameters { get; } = parameters;

        public Dictionary<ulong, StoredPoint> Points { get; } = [];

        public ConcurrentDictionary<string, FieldType> FieldIndexes { get; } = new(StringComparer.Ordinal);

        /// <summary>Checks the length and, for cosine collections, normalizes as Qdrant does on write.</summary>
        public float[] Prepare(float[] vector)
        {
            if ((ulong)vector.Length != Parameters.Size)
            {
                throw Error(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {Parameters.Size}, got {vector.Length}");
            }

            if (Parameters.Distance == Distance.Cosine)
            {
                var norm = TensorPrimitives.Norm(vector);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(vector, norm, vector);
                }
            }

            return vector;
        }
    }

    private sealed record StoredPoint(float[] Vector, MapField<string, Value> Payload);
}
