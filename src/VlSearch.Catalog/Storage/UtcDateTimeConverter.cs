using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VlSearch.Catalog.Storage;

/// <summary>Writes <see cref="CatalogTime.Normalize"/>d values and reads them back as UTC (SQLite forgets the kind).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => CatalogTime.Normalize(v),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
