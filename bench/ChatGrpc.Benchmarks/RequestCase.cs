namespace ChatGrpc.Benchmarks;

/// <summary>The request bodies of <see cref="RequestValidationBenchmarks"/>; see <see cref="SampleRequests"/>.</summary>
public enum RequestCase
{
    Typical,
    Large,
    Invalid,
}
