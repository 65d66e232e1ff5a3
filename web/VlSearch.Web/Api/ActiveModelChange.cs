namespace VlSearch.Web.Api;

/// <summary>The active model after a switch, and the job indexing the libraries with it (null when none started).</summary>
public sealed record ActiveModelChange(string ActiveModel, string ModelId, JobInfo? Job);
