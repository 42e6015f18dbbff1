using System.Globalization;

namespace ChatGrpc.AuthFlood;

/// <summary>
/// The command line: <c>--duration 20 --rate 200 --attackers 32 --attacker-rate 20 --addresses distinct|shared</c>.
/// <c>--attacker-rate</c> is each attacker's most requests per second (0: as fast as the server answers).
/// </summary>
internal sealed record FloodSettings(TimeSpan Duration, int Rate, int Attackers, int AttackerRate, bool DistinctAddresses)
{
    public static FloodSettings Parse(string[] args)
    {
        var settings = new FloodSettings(TimeSpan.FromSeconds(20), 200, 32, AttackerRate: 20, DistinctAddresses: true);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--duration" => settings with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rate" => settings with { Rate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--attackers" => settings with { Attackers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--attacker-rate" => settings with { AttackerRate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--addresses" => settings with { DistinctAddresses = value == "distinct" ? true : value == "shared" ? false : throw new ArgumentException($"--addresses is distinct or shared, not {value}.") },
                _ => throw new ArgumentException($"Unknown option {args[i]}; the options are --duration, --rate, --attackers, --attacker-rate and --addresses."),
            };
        }

        return settings;
    }
}
