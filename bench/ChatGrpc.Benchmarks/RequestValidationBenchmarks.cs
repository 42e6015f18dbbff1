using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// The work between receiving a body and routing it: reading OpenAI's JSON into the proto and checking the
/// proto's rules, exactly as <c>OpenAiChatHandler.ReadRequest</c> does on REST, and the rules alone on an
/// already-read proto as the gRPC service does.
/// </summary>
[MemoryDiagnoser]
public class RequestValidationBenchmarks
{
    private readonly ChatRequestValidator _validator = new();
    private ReadOnlyMemory<byte> _body;
    private CreateChatCompletionRequest _request = null!;

    [Params(RequestCase.Typical, RequestCase.Large, RequestCase.Invalid)]
    public RequestCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Case switch
        {
            RequestCase.Typical => SampleRequests.Typical(),
            RequestCase.Large => SampleRequests.Large(),
            _ => SampleRequests.Invalid(),
        };

        // A benchmark of the wrong path would be worse than none: the valid cases must be valid, the invalid one not.
        var expectedProblems = Case == RequestCase.Invalid ? SampleRequests.InvalidProblemCount : 0;
        var problems = ReadAndValidate();
        if (problems != expectedProblems)
        {
            throw new InvalidOperationException($"The {Case} request has {problems} problems; expected {expectedProblems}.");
        }

        using var read = OpenAiRequestReader.Read(_body);
        _request = read.Request;
    }

    /// <summary>REST: read and check, as the handler does before routing. Returns the problem count.</summary>
    [Benchmark]
    public int ReadAndValidate()
    {
        var problems = new List<ValidationProblem>();
        using var read = OpenAiRequestReader.Read(_body);
        problems.AddRange(read.Problems);
        if (read.Document is not null)
        {
            _validator.ValidateRead(read.Request, read.Document.RootElement, problems);
        }

        return problems.Count;
    }

    /// <summary>REST: the reader alone (parsing the JSON and building the proto), to tell its share from the rules'.</summary>
    [Benchmark]
    public int Read()
    {
        using var read = OpenAiRequestReader.Read(_body);
        return read.Problems.Count;
    }

    /// <summary>gRPC: the rules on an already-read proto, with values quoted from the proto for lack of JSON.</summary>
    [Benchmark]
    public int Validate()
    {
        var problems = new List<ValidationProblem>();
        _validator.Validate(_request, null, problems);
        return problems.Count;
    }
}
