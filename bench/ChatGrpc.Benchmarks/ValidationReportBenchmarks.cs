using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// The whole REST error path up to the 422 body, for <see cref="SampleRequests.Invalid"/>: read and check as
/// <see cref="RequestValidationBenchmarks"/> does, put the problems in Pydantic's order and write FastAPI's
/// <c>{"detail": [...]}</c> (into a reused buffer; the response's pipe is out of scope here).
/// </summary>
[MemoryDiagnoser]
public class ValidationReportBenchmarks : IDisposable
{
    private readonly ChatRequestValidator _validator = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly ReadOnlyMemory<byte> _body = SampleRequests.Invalid();

    public ValidationReportBenchmarks()
    {
        _writer = new Utf8JsonWriter(_buffer, OpenAiJson.WriterOptions);
    }

    /// <summary>Returns the length of the 422 body.</summary>
    [Benchmark]
    public int ReadValidateAndReport()
    {
        var problems = new List<ValidationProblem>();
        using var read = OpenAiRequestReader.Read(_body);
        problems.AddRange(read.Problems);
        if (read.Document is not null)
        {
            _validator.ValidateRead(read.Request, read.Document.RootElement, problems);
        }

        ValidationProblemOrder.Sort(problems);
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        ValidationProblemJson.WriteDetail(_writer, problems);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _writer.Dispose();
        GC.SuppressFinalize(this);
    }
}
