using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using VlSearch.Catalog;
using VlSearch.Jobs;
using VlSearch.Hosting;

namespace VlSearch.Cli.Commands;

/// <summary>What the <c>jobs</c> commands share: the job service and how a job is printed.</summary>
internal static class JobsSupport
{
    public static IndexJobService Service(IServiceProvider services) => services.GetRequiredService<IndexJobService>();

    /// <summary>Prints queued jobs: their ids on stdout (or all of them as JSON) and, for people, who runs them.</summary>
    public static int PrintQueued(IReadOnlyList<IndexJobInfo> jobs, bool json)
    {
        if (json)
        {
            CliJson.Write(jobs);
            return 0;
        }

        foreach (var job in jobs)
        {
            Console.Out.WriteLine(job.Id);
        }

        ProgressDisplay.Error.WriteLine("Queued: a job server (the VlSearch.Indexer worker, or the web app in embedded mode) runs it; follow it with vlsearch jobs.");
        return 0;
    }

    public static string Describe(IndexJobInfo job)
    {
        var target = string.Join(" ", new[] { job.Library, job.Model is null ? null : Path.GetFileName(job.Model.TrimEnd('/')) }.Where(s => !string.IsNullOrEmpty(s)));
        var progress = job.Total > 0 ? $"{job.Done + job.Failed}/{job.Total} ({100.0 * (job.Done + job.Failed) / job.Total:0}%)" : $"{job.Done}";
        var eta = job.Eta is { } e ? $", eta {e:hh\\:mm\\:ss}" : string.Empty;
        return $"{job.Id,5}  {job.Kind,-15} {job.State,-9} {target}  {progress}, {job.Failed} failed, {job.Rate:0.#}/s{eta}";
    }
}
