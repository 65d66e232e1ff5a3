namespace VlSearch.Core;

/// <summary>A decoded photo: an upright raster (possibly scaled down) and the file's metadata.</summary>
public sealed record DecodedPhoto(RgbImage Image, PhotoMetadata Metadata);
