using System.Buffers.Binary;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// Seeded byte-level mutations of valid files: truncation, bit flips, boundary values written over header fields,
/// ranges overwritten, repeated, removed, and splices of two files of one format. The same seed always yields the same
/// files, so a failure names a file that can be built again.
/// </summary>
internal static class HostileMutator
{
    private static readonly uint[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    /// <summary>At least <paramref name="count"/> mutated files, spread evenly over the seeds.</summary>
    public static IEnumerable<HostileFile> Mutate(IReadOnlyList<HostileFile> seeds, int count, int randomSeed)
    {
        var random = new Random(randomSeed);
        var perSeed = (count + seeds.Count - 1) / seeds.Count;
        for (var round = 0; round < perSeed; round++)
        {
            foreach (var seed in seeds)
            {
                var kind = random.Next(12);
                var bytes = Apply(kind, seed, seeds, random);
                yield return new HostileFile($"{seed.Name}-m{round}-k{kind}", seed.Format, bytes);
            }
        }
    }

    private static byte[] Apply(int kind, HostileFile seed, IReadOnlyList<HostileFile> seeds, Random random)
    {
        var source = seed.Bytes;
        switch (kind)
        {
            case 0:
                return source[..random.Next(1, source.Length)];
            case 1:
                return FlipBits(source, 1, source.Length, random);
            case 2:
                return FlipBits(source, random.Next(2, 32), source.Length, random);
            case 3:
                // Headers hold the sizes, counts and offsets a decoder trusts; most damage there is most telling.
                return FlipBits(source, random.Next(1, 4), Math.Min(source.Length, 96), random);
            case 4:
                return WriteInteresting(source, random);
            case 5:
                return Overwrite(source, random);
            case 6:
                return Repeat(source, random);
            case 7:
                return Remove(source, random);
            case 8:
                return Splice(source, seeds.Where(s => s.Format == seed.Format).ToList(), random);
            case 9:
                return FlipBits(source, 1, source.Length, random)[..random.Next(1, source.Length)];
            case 10:
                return Fill(source, random);
            default:
                var result = WriteInteresting(source, random);
                return WriteInteresting(result, random);
        }
    }

    private static byte[] FlipBits(byte[] source, int flips, int window, Random random)
    {
        var bytes = (byte[])source.Clone();
        for (var i = 0; i < flips; i++)
        {
            bytes[random.Next(window)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private static byte[] WriteInteresting(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        var value = Interesting[random.Next(Interesting.Length)];
        var width = random.Next(3) switch { 0 => 1, 1 => 2, _ => 4 };
        var window = Math.Min(bytes.Length, random.Next(2) == 0 ? 128 : bytes.Length);
        var offset = random.Next(Math.Max(1, window - width + 1));
        if (offset + width > bytes.Length)
        {
            return bytes;
        }

        var target = bytes.AsSpan(offset, width);
        var bigEndian = random.Next(2) == 0;
        switch (width)
        {
            case 1:
                target[0] = (byte)value;
                break;
            case 2 when bigEndian:
                BinaryPrimitives.WriteUInt16BigEndian(target, (ushort)value);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)value);
                break;
            case 4 when bigEndian:
                BinaryPrimitives.WriteUInt32BigEndian(target, value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(target, value);
                break;
        }

        return bytes;
    }

    private static byte[] Overwrite(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        var start = random.Next(bytes.Length);
        var length = Math.Min(bytes.Length - start, random.Next(1, 64));
        random.NextBytes(bytes.AsSpan(start, length));
        return bytes;
    }

    private static byte[] Repeat(byte[] source, Random random)
    {
        var start = random.Next(source.Length);
        var length = Math.Min(source.Length - start, random.Next(1, 256));
        var times = random.Next(1, 40);
        var slice = source.AsSpan(start, length);
        var bytes = new List<byte>(source.Length + (length * times));
        bytes.AddRange(source.AsSpan(0, start + length));
        for (var i = 0; i < times; i++)
        {
            bytes.AddRange(slice);
        }

        bytes.AddRange(source.AsSpan(start + length));
        return [.. bytes];
    }

    private static byte[] Remove(byte[] source, Random random)
    {
        var start = random.Next(source.Length);
        var length = Math.Min(source.Length - start, random.Next(1, 128));
        return [.. source.AsSpan(0, start), .. source.AsSpan(start + length)];
    }

    private static byte[] Splice(byte[] source, List<HostileFile> sameFormat, Random random)
    {
        var other = sameFormat[random.Next(sameFormat.Count)].Bytes;
        var cut = random.Next(1, source.Length);
        var from = random.Next(other.Length);
        return [.. source.AsSpan(0, cut), .. other.AsSpan(from)];
    }

    private static byte[] Fill(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        var start = random.Next(bytes.Length);
        var length = Math.Min(bytes.Length - start, random.Next(1, 512));
        bytes.AsSpan(start, length).Fill(random.Next(2) == 0 ? (byte)0 : (byte)0xFF);
        return bytes;
    }
}
