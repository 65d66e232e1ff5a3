using System.Text;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// The payload sidecar: USearch keeps only vectors, so id → <see cref="PhotoPayload"/> lives beside it in a compact
/// length-prefixed binary file.
/// </summary>
internal static class PayloadFile
{
    private static readonly byte[] Magic = "VLSPAY01"u8.ToArray();

    public static void Write(Stream stream, IReadOnlyDictionary<long, PhotoPayload> payloads)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(payloads.Count);
        foreach (var (id, payload) in payloads)
        {
            writer.Write(id);
            writer.Write(payload.Path);
            WriteOptional(writer, payload.Library);
            writer.Write(payload.TakenAt.HasValue);
            if (payload.TakenAt is { } takenAt)
            {
                writer.Write(takenAt.Ticks);
                writer.Write((byte)takenAt.Kind);
            }

            WriteOptional(writer, payload.Camera);
            WriteOptional(writer, payload.FileType);
            writer.Write(payload.Tags.Count);
            foreach (var tag in payload.Tags)
            {
                writer.Write(tag);
            }

            WriteOptional(writer, payload.Caption);
        }
    }

    public static Dictionary<long, PhotoPayload> Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a payload file");
        }

        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("negative record count");
        }

        var payloads = new Dictionary<long, PhotoPayload>(count);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadInt64();
            var path = reader.ReadString();
            var library = ReadOptional(reader);
            DateTime? takenAt = null;
            if (reader.ReadBoolean())
            {
                var ticks = reader.ReadInt64();
                takenAt = new DateTime(ticks, (DateTimeKind)reader.ReadByte());
            }

            var camera = ReadOptional(reader);
            var fileType = ReadOptional(reader);
            var tagCount = reader.ReadInt32();
            var tags = new string[tagCount];
            for (var t = 0; t < tagCount; t++)
            {
                tags[t] = reader.ReadString();
            }

            payloads[id] = new PhotoPayload
            {
                Path = path,
                Library = library,
                TakenAt = takenAt,
                Camera = camera,
                FileType = fileType,
                Tags = tags,
                Caption = ReadOptional(reader),
            };
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException("trailing bytes after the last record");
        }

        return payloads;
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
