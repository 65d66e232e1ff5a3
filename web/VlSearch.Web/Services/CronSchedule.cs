using System.Globalization;

namespace VlSearch.Web.Services;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week; <c>*</c>, lists, ranges and steps),
/// evaluated in UTC. Day of month and day of week combine as in cron: when both are restricted, either may match.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] minutes;
    private readonly bool[] hours;
    private readonly bool[] days;
    private readonly bool[] months;
    private readonly bool[] weekdays;
    private readonly bool anyDay;
    private readonly bool anyWeekday;

    private CronSchedule(string[] fields)
    {
        minutes = Field(fields[0], 0, 59, "minute");
        hours = Field(fields[1], 0, 23, "hour");
        days = Field(fields[2], 1, 31, "day of month");
        months = Field(fields[3], 1, 12, "month");
        weekdays = Field(fields[4].Replace('7', '0'), 0, 6, "day of week");
        anyDay = fields[2] == "*";
        anyWeekday = fields[4] == "*";
    }

    /// <summary>Parses an expression such as <c>0 3 * * *</c>.</summary>
    /// <exception cref="FormatException">Not five fields, or a value out of range.</exception>
    public static CronSchedule Parse(string expression)
    {
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException("A scan schedule has five fields: minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\".");
        }

        return new CronSchedule(fields);
    }

    /// <summary>Whether the schedule fires in the minute of <paramref name="utc"/>.</summary>
    public bool Matches(DateTime utc)
    {
        if (!minutes[utc.Minute] || !hours[utc.Hour] || !months[utc.Month])
        {
            return false;
        }

        var day = days[utc.Day];
        var weekday = weekdays[(int)utc.DayOfWeek];
        return anyDay || anyWeekday ? day && weekday : day || weekday;
    }

    private static bool[] Field(string text, int min, int max, string name)
    {
        var allowed = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"Bad {name} in the scan schedule: '{part}'."),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b] && Number(a, out from) && Number(b, out to))
            {
            }
            else if (Number(range, out from))
            {
                to = step > 1 ? max : from;
            }
            else
            {
                throw new FormatException($"Bad {name} in the scan schedule: '{part}'.");
            }

            if (from < min || to > max || from > to)
            {
                throw new FormatException($"The {name} in the scan schedule must be within {min}–{max}: '{part}'.");
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;
    }

    private static bool Number(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
