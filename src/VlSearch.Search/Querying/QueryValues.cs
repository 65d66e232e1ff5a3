using System.Globalization;

namespace VlSearch.Search.Querying;

/// <summary>The typed filter values: numbers, dates and periods, GPS circles, file types, orientations.</summary>
internal static class QueryValues
{
    private const string DateForms = "dates are yyyy, yyyy-MM or yyyy-MM-dd, as in 2023, 2023-07 or 2023-07-14";

    /// <summary>
    /// A plain decimal number: optional sign, digits, optional decimal point. No exponent, no thousands separator, no
    /// NaN or infinity, whatever the culture, so that a query means the same on every machine.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var i = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }

        return i == s.Length && digits > 0 &&
            double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) &&
            double.IsFinite(value);
    }

    /// <summary>
    /// The period a date names: a year, a month or a day, from its first instant to its last (inclusive, to the
    /// tick), in camera wall-clock time marked UTC as capture times are stored.
    /// </summary>
    public static (DateTime First, DateTime Last) ParsePeriod(string key, string value, int position)
    {
        var shape = value.Length switch
        {
            4 => "yyyy",
            7 => "yyyy-MM",
            10 => "yyyy-MM-dd",
            _ => null,
        };
        if (shape is null || !DateTime.TryParseExact(value, shape, CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) ||
            !value.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            throw QueryErrors.At($"'{key}:{value}' is not a date", position, value.Length, DateForms);
        }

        first = DateTime.SpecifyKind(first, DateTimeKind.Utc);
        var next = value.Length switch
        {
            4 => first.Year < 9999 ? first.AddYears(1) : (DateTime?)null,
            7 => first.Year < 9999 || first.Month < 12 ? first.AddMonths(1) : (DateTime?)null,
            _ => first < new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc) ? first.AddDays(1) : (DateTime?)null,
        };
        return (first, next is { } n ? n.AddTicks(-1) : DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));
    }

    /// <summary><c>lat,lon[,km]</c>, each part range-checked; spaces around the parts are allowed inside quotes.</summary>
    public static GeoRadius ParseNear(string value, int position)
    {
        const string Form = "write near:latitude,longitude or near:latitude,longitude,kilometres, as in near:48.8584,2.2945,5";
        var parts = value.Split(',');
        if (parts.Length is < 2 or > 3)
        {
            throw QueryErrors.At($"'near:{value}' needs a latitude and a longitude", position, value.Length, Form);
        }

        var numbers = new double[3];
        numbers[2] = QueryParser.DefaultNearKilometres;
        var offset = position;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            var partStart = offset + (parts[i].Length - parts[i].TrimStart().Length);
            var name = i switch { 0 => "latitude", 1 => "longitude", _ => "radius" };
            if (!TryParseNumber(part, out numbers[i]))
            {
                throw QueryErrors.At(
                    part.Length == 0 ? $"The {name} of near: is missing" : $"The {name} '{part}' of near: is not a number",
                    partStart,
                    part.Length,
                    Form);
            }

            var (ok, range) = i switch
            {
                0 => (numbers[i] is >= -90 and <= 90, "between -90 and 90 degrees"),
                1 => (numbers[i] is >= -180 and <= 180, "between -180 and 180 degrees"),
                _ => (numbers[i] is > 0 and <= QueryParser.MaxNearKilometres, $"more than 0 and at most {QueryParser.MaxNearKilometres:0} km"),
            };
            if (!ok)
            {
                throw QueryErrors.At($"The {name} {part} of near: is out of range", partStart, part.Length, $"it must be {range}");
            }

            offset += parts[i].Length + 1;
        }

        return new GeoRadius(numbers[0], numbers[1], numbers[2]);
    }

    /// <summary>A file type as the catalog stores it: lower case, aliases resolved, a leading dot dropped.</summary>
    public static string ParseFileType(string value, int position)
    {
        var type = value.TrimStart('.').ToLowerInvariant() switch
        {
            "jpg" or "jpe" => "jpeg",
            "tif" => "tiff",
            var other => other,
        };
        if (!QueryParser.FileTypes.Contains(type))
        {
            throw QueryErrors.At(
                $"Unknown file type 'type:{value}'",
                position,
                value.Length,
                $"types are {string.Join(", ", QueryParser.FileTypes)} (jpg means jpeg, tif means tiff)");
        }

        return type;
    }

    public static PhotoOrientation ParseOrientation(string value, int position) => value.ToLowerInvariant() switch
    {
        "portrait" => PhotoOrientation.Portrait,
        "landscape" => PhotoOrientation.Landscape,
        "square" => PhotoOrientation.Square,
        _ => throw QueryErrors.At(
            $"Unknown orientation '{value}'", position, value.Length, "write orientation:portrait, orientation:landscape or orientation:square"),
    };
}
