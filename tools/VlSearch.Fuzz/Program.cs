using SharpFuzz;
using VlSearch.Core;
using VlSearch.Fuzz;
using VlSearch.Imaging;

// The decode entry point under coverage-guided fuzzing. Any outcome other than pixels or a PhotoDecodeException with a
// one-line reason escapes as an exception, which the fuzzer records as a crash (tools/fuzz.sh keeps those files).
//   VlSearch.Fuzz            run under afl-fuzz (input on stdin, persistent loop)
//   VlSearch.Fuzz FILE|DIR   decode the given files once each and print the outcome, for reproducing a crash
//   VlSearch.Fuzz --seeds DIR  write the small valid files the corpus starts from (one or more per format)
// Built on first use: instrumented code (the decoder's own included) must not run before the fuzzer has set up its
// coverage map inside Fuzzer.OutOfProcess.Run.
PhotoDecoder? decoder = null;
var scratch = Path.Combine(Path.GetTempPath(), $"vlsearch-fuzz-{Environment.ProcessId}.bin");

if (args is ["--seeds", var seedFolder])
{
    FuzzSeeds.Write(seedFolder);
    return 0;
}

if (args.Length > 0)
{
    var files = Directory.Exists(args[0]) ? Directory.GetFiles(args[0]).Order(StringComparer.Ordinal).ToArray() : args;
    var failed = 0;
    foreach (var file in files)
    {
        try
        {
            Console.WriteLine($"{Path.GetFileName(file)}: {DecodeOnce(File.ReadAllBytes(file))}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{Path.GetFileName(file)}: CRASH {e.GetType().Name}: {e.Message}");
        }
    }

    File.Delete(scratch);
    return failed == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    DecodeOnce(memory.ToArray());
});
return 0;

string DecodeOnce(byte[] bytes)
{
    decoder ??= new PhotoDecoder(new DecoderOptions { Timeout = TimeSpan.FromSeconds(2) });
    File.WriteAllBytes(scratch, bytes);
    var outcomes = new List<string>();
    try
    {
        var metadata = decoder.ReadMetadata(scratch);
        outcomes.Add($"{metadata.Format} {metadata.Width}x{metadata.Height}");
    }
    catch (PhotoDecodeException e)
    {
        outcomes.Add(Reason(e));
    }

    foreach (var edge in new[] { 224, 0 })
    {
        try
        {
            var photo = decoder.Decode(scratch, edge);
            if (photo.Image.Pixels.Length != photo.Image.Width * photo.Image.Height * 3)
            {
                throw new InvalidOperationException($"Pixel buffer does not match {photo.Image.Width}x{photo.Image.Height}.");
            }

            outcomes.Add($"decoded {photo.Image.Width}x{photo.Image.Height}");
        }
        catch (PhotoDecodeException e)
        {
            outcomes.Add(Reason(e));
        }
    }

    return string.Join(" | ", outcomes);
}

static string Reason(PhotoDecodeException e)
    => string.IsNullOrWhiteSpace(e.Message) || e.Message.Contains('\n', StringComparison.Ordinal)
        ? throw new InvalidOperationException("A decode failure without a one-line reason.", e)
        : e.Message;
