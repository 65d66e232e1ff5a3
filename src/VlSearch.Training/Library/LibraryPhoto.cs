namespace VlSearch.Training.Library;

/// <summary>One photo of a generated library, as its manifest (<c>photos.json</c>) lists it.</summary>
/// <param name="File">Path relative to the library root, '/' separated, e.g. <c>2023-07 Lake Tahoe trip/IMG_4312.jpg</c>.</param>
/// <param name="Event">The event folder it is filed in.</param>
/// <param name="Subject">What the picture shows, as a query would say it: "a big red circle on a dark striped background".</param>
/// <param name="Caption">The scene's full caption (where the shape stands too).</param>
/// <param name="Camera">EXIF make and model, space separated.</param>
/// <param name="TakenAt">EXIF capture time (camera wall clock).</param>
/// <param name="Sidecar">
/// The text of the <c>.txt</c> caption beside it, null when there is none. People caption the moment ("Dinner with
/// Clara"), not the shapes, so a sidecar helps the keyword side find moments but not scenes.
/// </param>
public sealed record LibraryPhoto(string File, string Event, string Subject, string Caption, string Camera, DateTime TakenAt, string? Sidecar);
