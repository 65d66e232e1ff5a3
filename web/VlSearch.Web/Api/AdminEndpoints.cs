using Microsoft.AspNetCore.Http.HttpResults;
using VlSearch.Jobs.Admin;
using VlSearch.ModelHub;
using VlSearch.Web.Security;
using VlSearch.Web.Services;

namespace VlSearch.Web.Api;

/// <summary><c>/api/v1/admin</c>: jobs, libraries, failed files, models and status. Admin role only.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin").RequireAuthorization(WebAuth.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/jobs", async (IJobBackend jobs, CancellationToken ct) => TypedResults.Ok(await jobs.ListAsync(ct))).WithName("ListJobs").WithSummary("Indexing jobs, newest first.");
        admin.MapPost("/jobs", StartJobAsync).WithName("StartJob").WithSummary("Starts a reindex of missing photos (default) or of all photos, or captioning of photos without a caption or of all (a 400 naming why when captioning is not configured).").ProducesValidationProblem();
        admin.MapGet("/jobs/{id:long}", GetJobAsync).WithName("GetJob").WithSummary("One job and its progress.");
        admin.MapPost("/jobs/{id:long}/cancel", (long id, IJobBackend jobs, CancellationToken ct) => StopJobAsync(id, jobs, pause: false, ct)).WithName("CancelJob").WithSummary("Cancels a job.");
        admin.MapPost("/jobs/{id:long}/pause", (long id, IJobBackend jobs, CancellationToken ct) => StopJobAsync(id, jobs, pause: true, ct)).WithName("PauseJob").WithSummary("Pauses a job (resume continues where it stopped).");
        admin.MapPost("/jobs/{id:long}/resume", ResumeJobAsync).WithName("ResumeJob").WithSummary("Starts a stopped job's work again.");

        admin.MapGet("/libraries", async (LibraryAdmin libraries, CancellationToken ct) => TypedResults.Ok(await libraries.ListAsync(ct)))
            .WithName("ListLibraries").WithSummary("Libraries with their rules and counts.");
        admin.MapPost("/libraries", AddLibraryAsync).WithName("AddLibrary").WithSummary("Adds a folder (or updates its rules) and, unless indexNow is false, indexes it.").ProducesValidationProblem();
        admin.MapDelete("/libraries/{id:int}", RemoveLibraryAsync).WithName("RemoveLibrary").WithSummary("Removes a library, its photos and their vectors.");

        admin.MapGet("/failed-files", async (LibraryAdmin libraries, CancellationToken ct) => TypedResults.Ok(await libraries.FailedFilesAsync(500, ct)))
            .WithName("ListFailedFiles").WithSummary("Files that could not be indexed, with reasons.");
        admin.MapPost("/failed-files/retry", RetryFailedAsync).WithName("RetryFailedFiles").WithSummary("Forgets the failures (one by id, or all) and reindexes their libraries.");

        admin.MapGet("/models", (ModelManager models) => TypedResults.Ok(models.List())).WithName("ListModels").WithSummary("Known, installed and bundled models.");
        admin.MapPost("/models/{name}/pull", PullModel).WithName("PullModel").WithSummary("Downloads a catalogue model in the background; progress in GET /models/pulls.").ProducesValidationProblem();
        admin.MapPost("/models/active", ActivateModelAsync).WithName("ActivateModel")
            .WithSummary("Makes a model the one searches and new jobs use, remembers it in the data folder's settings, and embeds what it has no vectors for yet.")
            .ProducesValidationProblem();
        admin.MapGet("/models/pulls", (ModelPulls pulls) => TypedResults.Ok(pulls.List())).WithName("ListModelPulls").WithSummary("Model downloads and their progress.");
        admin.MapGet("/status", async (LibraryAdmin libraries, ActiveModel model, CancellationToken ct) => TypedResults.Ok(await libraries.StatusAsync(model.Name, ct)))
            .WithName("GetStatus").WithSummary("Catalog and index counts.");
        return api;
    }

    internal static async Task<Results<Accepted<JobInfo>, ValidationProblem, ProblemHttpResult>> StartJobAsync(StartJobRequest? body, IJobBackend jobs, CancellationToken cancellationToken)
    {
        var kind = string.IsNullOrWhiteSpace(body?.Kind) ? JobKinds.ReindexMissing : body.Kind.Trim();
        if (!JobKinds.IsKnown(kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"kind must be one of {string.Join(", ", JobKinds.All)}."] });
        }

        try
        {
            var job = await jobs.StartAsync(kind, body?.LibraryIds ?? [], cancellationToken);
            return TypedResults.Accepted($"/api/v1/admin/jobs/{job.Id}", job);
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already active", detail: ex.Message);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.ParamName == "kind" ? "kind" : "libraryIds"] = [ex.Message] });
        }
    }

    internal static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> GetJobAsync(long id, IJobBackend jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"No job {id}.");

    internal static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> ResumeJobAsync(long id, IJobBackend jobs, CancellationToken cancellationToken) =>
        await jobs.ResumeAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"No stopped job {id}.");

    internal static async Task<Results<NoContent, ProblemHttpResult>> StopJobAsync(long id, IJobBackend jobs, bool pause, CancellationToken cancellationToken) =>
        await jobs.StopAsync(id, pause, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No running or queued job {id}.");

    internal static async Task<Results<Ok<ActiveModelChange>, ValidationProblem>> ActivateModelAsync(ActivateModelRequest? body, ModelActivation activation, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = ["Name the model to use."] });
        }

        try
        {
            return TypedResults.Ok(await activation.ActivateAsync(body.Model, body.Index ?? true, cancellationToken));
        }
        catch (Exception ex) when (ex is Core.ModelLoadException or ArgumentException or InvalidDataException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [ex.Message] });
        }
    }

    internal static Results<Accepted<ModelPullInfo>, ValidationProblem> PullModel(string name, ModelPulls pulls)
    {
        try
        {
            return TypedResults.Accepted("/api/v1/admin/models/pulls", pulls.Start(name));
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [ex.Message] });
        }
    }

    internal static async Task<Results<Created<LibraryInfo>, ValidationProblem>> AddLibraryAsync(LibraryRequestBody body, LibraryAdmin libraries, IJobBackend jobs, CancellationToken cancellationToken)
    {
        try
        {
            var library = await libraries.AddAsync(body, cancellationToken);
            if (body.IndexNow ?? true)
            {
                await jobs.IndexNewLibraryAsync(library.Id, cancellationToken);
            }

            return TypedResults.Created($"/api/v1/admin/libraries/{library.Id}", library);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["path"] = [ex.Message] });
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveLibraryAsync(int id, LibraryAdmin libraries, CancellationToken cancellationToken) =>
        await libraries.RemoveAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No library {id}.");

    internal static async Task<Results<Ok<JobInfo?>, ProblemHttpResult>> RetryFailedAsync(long? id, LibraryAdmin libraries, IJobBackend jobs, CancellationToken cancellationToken)
    {
        var concerned = await libraries.ForgetFailuresAsync(id, cancellationToken);
        try
        {
            return TypedResults.Ok<JobInfo?>(concerned.Count > 0 ? await jobs.StartAsync(JobKinds.ReindexMissing, concerned, cancellationToken) : null);
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already active", detail: ex.Message);
        }
    }
}
