using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Remote;

public sealed class HttpRunnerClientOptions
{
    /// <summary>Base URLs of the Runner services (e.g. http://runner-0.runner:8080).</summary>
    public required IReadOnlyList<Uri> Runners { get; init; }

    /// <summary>Shared secret(s); the first signs. Must match the services' <c>Runner:SharedSecrets</c>.</summary>
    public required IReadOnlyList<string> SharedSecrets { get; init; }

    /// <summary>How long to wait for a connection before trying the next Runner.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time allowed beyond the handler's own timeout (fetch, verify, compile, transfer).</summary>
    public TimeSpan ResponseMargin { get; init; } = TimeSpan.FromSeconds(30);

    public RunnerLimitPolicy LimitPolicy { get; init; } = RunnerLimitPolicy.Platform;
}

/// <summary>
/// <see cref="IRunner"/> over several Runner services: the Runner is picked by rendezvous hashing
/// on the content hash (so a module stays compiled on one node), and when it cannot be connected
/// to, or answers 503, the next in rendezvous order is tried. A failure after the request was
/// sent is not retried, because the handler may already have made action calls.
/// </summary>
public sealed class HttpRunnerClient : IRunner, IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpRunnerClientOptions _options;
    private readonly RunnerRequestSignature _signature;

    public HttpRunnerClient(HttpRunnerClientOptions options)
    {
        if (options.Runners.Count == 0) throw new ArgumentException("At least one Runner URL is required.", nameof(options));
        _options = options;
        _signature = new RunnerRequestSignature(options.SharedSecrets);
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The Runners in the order they are tried for <paramref name="contentHash"/>.</summary>
    public IReadOnlyList<Uri> RunnersFor(string contentHash) =>
        RendezvousHashing.Order(_options.Runners, contentHash, u => u.AbsoluteUri);

    public async Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        TimeSpan handlerTimeout;
        try
        {
            handlerTimeout = _options.LimitPolicy.Resolve(request.Limits).Timeout;
        }
        catch (RunnerException e)
        {
            return ExecuteResponse.Failure(e.Code, e.Message);
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(request with { ActionToken = request.ResolveActionToken() }, RunnerWire.Json);
        var failures = new List<string>();
        foreach (var runner in RunnersFor(request.Module?.ContentHash ?? ""))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(handlerTimeout + _options.ResponseMargin);
            HttpResponseMessage answer;
            try
            {
                answer = await _http.SendAsync(Sign(runner, body), HttpCompletionOption.ResponseContentRead, deadline.Token);
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                failures.Add($"{runner}: {e.Message}");
                continue;
            }
            catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !deadline.IsCancellationRequested)
            {
                failures.Add($"{runner}: no connection within {_options.ConnectTimeout}"); // SocketsHttpHandler.ConnectTimeout
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return ExecuteResponse.Failure(RunnerCodes.RunnerUnavailable, $"Runner {runner} failed after the request was sent (not retried): {e.Message}");
            }
            using (answer)
            {
                if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    failures.Add($"{runner}: 503");
                    continue;
                }
                return await ReadAnswerAsync(runner, answer, cancellationToken);
            }
        }
        return ExecuteResponse.Failure(RunnerCodes.RunnerUnavailable, $"No Runner could be reached: {string.Join("; ", failures)}");
    }

    private HttpRequestMessage Sign(Uri runner, byte[] body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(runner, RunnerWire.ExecutePath)) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add(RunnerRequestSignature.HeaderName, _signature.Sign("POST", RunnerWire.ExecutePath, body));
        return message;
    }

    private static async Task<ExecuteResponse> ReadAnswerAsync(Uri runner, HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var text = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            try
            {
                var response = JsonSerializer.Deserialize<ExecuteResponse>(text, RunnerWire.Json)
                    ?? throw new JsonException("null");
                return response with { Statistics = response.Statistics with { Runner = runner.AbsoluteUri } };
            }
            catch (JsonException e)
            {
                return ExecuteResponse.Failure(RunnerCodes.RunnerInternalError, $"Runner {runner} answered with an unreadable response: {e.Message}");
            }
        }
        var code = answer.StatusCode == HttpStatusCode.Unauthorized ? RunnerCodes.RunnerUnauthorized : ProblemDocument.Read(text).Code ?? RunnerCodes.RunnerInternalError;
        return ExecuteResponse.Failure(code, $"Runner {runner} refused the request ({(int)answer.StatusCode}): {System.Text.Encoding.UTF8.GetString(text.AsSpan(0, Math.Min(text.Length, 500)))}");
    }

    public void Dispose() => _http.Dispose();
}
