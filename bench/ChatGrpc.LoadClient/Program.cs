using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ChatGrpc.LoadClient;

// bench/run's load client. Every result is one line of KEY=value pairs (microseconds, requests per second).
//   max   --target http|grpc --url U [--authorization A] [--model M] [--stream [--include-usage]] [--concurrency 50] [--channels 4] [--duration 8]
//         closed loop: `concurrency` workers each send the next request when the last one is answered. --include-usage
//         asks for stream_options.include_usage, as the Vercel AI SDK does for every stream.
//   open  --target ... [--rate 2000] [--duration 5] [--warmup 1]
//         open loop: request i is due at start + i/rate and sent then whatever came back; its latency runs from that
//         due time, so a server that falls behind shows its queue in the latency instead of slowing the load.
//   hold  --target http|grpc ... --model slow [--streams 1000] [--seconds 30]
//         opens that many streams, prints READY when every one has its first chunk, then keeps them open.
//   ports [--count 5]: free loopback ports.
//   hash  --password P [--iterations 1000]: a ChatGrpc password hash (pbkdf2-sha256$iterations$salt$key), cheap to check.
//   grpc-frame --model M --out FILE: the unary request as one length-prefixed gRPC message, for h2load's --data.
var options = new Options(args);
return options.Mode switch
{
    "max" => await MaxAsync(options),
    "open" => await OpenAsync(options),
    "hold" => await HoldAsync(options),
    "ports" => Ports(options),
    "hash" => Hash(options),
    "grpc-frame" => GrpcFrame(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ChatGrpc.LoadClient max|open|hold|ports [--target http|grpc] [--url U] [--authorization A] [--model M] [--stream] ...");
    return 2;
}

static int Ports(Options options)
{
    var listeners = Enumerable.Range(0, options.Number("count", 5)).Select(_ =>
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }).ToList();
    Console.WriteLine(string.Join(' ', listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)));
    listeners.ForEach(l => l.Stop());
    return 0;
}

static int Hash(Options options)
{
    var iterations = options.Number("iterations", 1000);
    var salt = RandomNumberGenerator.GetBytes(16);
    var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(options.Text("password", "")), salt, iterations, HashAlgorithmName.SHA256, 32);
    Console.WriteLine(FormattableString.Invariant($"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}"));
    return 0;
}

static int GrpcFrame(Options options)
{
    var message = Google.Protobuf.MessageExtensions.ToByteArray(GrpcTarget.Request(options.Text("model", "relay")));
    var frame = new byte[5 + message.Length];
    // Not compressed (0), then the message's length, big-endian: gRPC's framing over HTTP/2.
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
    message.CopyTo(frame, 5);
    File.WriteAllBytes(options.Text("out", "request.grpc"), frame);
    return 0;
}

static async Task<int> MaxAsync(Options options)
{
    using var target = Target.Create(options);
    var concurrency = options.Number("concurrency", 50);
    var duration = TimeSpan.FromSeconds(options.Number("duration", 8));
    await WarmUpAsync(target, concurrency);
    long done = 0, failed = 0;
    using var stop = new CancellationTokenSource();
    var started = Stopwatch.GetTimestamp();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await target.CallAsync(null, CancellationToken.None);
                Interlocked.Increment(ref done);
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }).ToArray();
    await Task.Delay(duration);
    var counted = Interlocked.Read(ref done);
    var elapsed = Stopwatch.GetElapsedTime(started);
    stop.Cancel();
    await Task.WhenAll(workers);
    Console.WriteLine(FormattableString.Invariant($"RPS={counted / elapsed.TotalSeconds:F0} ERRORS={failed}"));
    return 0;
}

static async Task WarmUpAsync(Target target, int concurrency)
{
    var warmUp = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Stopwatch.GetElapsedTime(warmUp) < TimeSpan.FromSeconds(1))
        {
            await target.CallAsync(null, CancellationToken.None);
        }
    }));
}

static async Task<int> OpenAsync(Options options)
{
    using var target = Target.Create(options);
    var rate = options.Number("rate", 2000);
    var seconds = options.Number("duration", 5);
    var warmupSeconds = options.Number("warmup", 1);
    await WarmUpAsync(target, 4);

    var warm = rate * warmupSeconds;
    var total = warm + rate * seconds;
    var interval = (double)Stopwatch.Frequency / rate;
    var latencies = new long[total];
    var firstChunks = new long[total];
    var lateness = new long[total];
    var observations = new CallObservation[total];
    var calls = new Task[total];
    long failed = 0;
    string? firstError = null;

    // The schedule runs on its own thread: it sleeps while the next due time is more than 2 ms away and yields the
    // processor otherwise, so it keeps time without taking a core away from the servers.
    var scheduler = new Thread(() =>
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            while (true)
            {
                var left = due - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    break;
                }

                if (left > Stopwatch.Frequency / 500)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.Yield();
                }
            }

            lateness[i] = Stopwatch.GetTimestamp() - due;
            var index = i;
            var observation = observations[i] = new CallObservation();
            calls[i] = Task.Run(async () =>
            {
                try
                {
                    await target.CallAsync(observation, CancellationToken.None);
                    var now = Stopwatch.GetTimestamp();
                    latencies[index] = now - due;
                    firstChunks[index] = observation.FirstChunkAt - due;
                }
                catch (Exception error)
                {
                    latencies[index] = -1;
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error.GetType().Name + ": " + error.Message, null);
                }
            });
        }
    })
    { IsBackground = true, Name = "open-loop schedule", Priority = ThreadPriority.AboveNormal };
    var began = Stopwatch.GetTimestamp();
    scheduler.Start();
    scheduler.Join();
    var sentFor = Stopwatch.GetElapsedTime(began);
    await Task.WhenAll(calls);

    var measured = Enumerable.Range(warm, total - warm).Where(i => latencies[i] >= 0).ToArray();
    var line = FormattableString.Invariant(
        $"P50={Micro(Percentile(measured.Select(i => latencies[i]), 50))} P99={Micro(Percentile(measured.Select(i => latencies[i]), 99))} P999={Micro(Percentile(measured.Select(i => latencies[i]), 99.9))}") +
        FormattableString.Invariant(
        $" SENDLATE99={Micro(Percentile(Enumerable.Range(warm, total - warm).Select(i => lateness[i]), 99))} RATE={(total / sentFor.TotalSeconds):F0} ERRORS={failed}");
    if (options.Flag("stream"))
    {
        var delays = measured.SelectMany(i => observations[i].ChunkDelays);
        var firsts = measured.Select(i => firstChunks[i]);
        line += FormattableString.Invariant(
            $" TTFC50={Micro(Percentile(firsts, 50))} TTFC99={Micro(Percentile(firsts, 99))} CHUNK50={Micro(Percentile(delays, 50))} CHUNK99={Micro(Percentile(delays, 99))} CHUNK999={Micro(Percentile(delays, 99.9))} CHUNKS={measured.Sum(i => observations[i].ChunkDelays.Count)}");
    }

    Console.WriteLine(line);
    if (firstError is not null)
    {
        Console.Error.WriteLine("first error: " + firstError);
    }

    return 0;
}

static async Task<int> HoldAsync(Options options)
{
    using var target = Target.Create(options);
    var streams = options.Number("streams", 1000);
    var seconds = options.Number("seconds", 30);
    var ready = 0;
    long failed = 0;
    var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var calls = new List<Task>(streams);
    for (var i = 0; i < streams; i++)
    {
        var observation = new FirstChunkSignal(() =>
        {
            if (Interlocked.Increment(ref ready) == streams)
            {
                allReady.TrySetResult();
            }
        });
        calls.Add(Task.Run(async () =>
        {
            try
            {
                await target.CallAsync(observation, stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                if (Interlocked.Increment(ref failed) == 1)
                {
                    Console.Error.WriteLine("first error: " + error.GetType().Name + ": " + error.Message);
                }
            }
        }));

        // Ramp up in steps of 50, so the listen backlogs never overflow.
        if (i % 50 == 49)
        {
            await Task.Delay(20);
        }
    }

    await Task.WhenAny(allReady.Task, Task.Delay(TimeSpan.FromSeconds(seconds)));
    Console.WriteLine(FormattableString.Invariant($"READY={Volatile.Read(ref ready)} ERRORS={Interlocked.Read(ref failed)}"));
    await Task.WhenAll(calls);
    return 0;
}

static long Percentile(IEnumerable<long> values, double percentile)
{
    var sorted = values.ToArray();
    if (sorted.Length == 0)
    {
        return 0;
    }

    Array.Sort(sorted);
    var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
}

static string Micro(long ticks) => (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("F0", CultureInfo.InvariantCulture);
