using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>
/// The dispatcher's own installation check (step 2). The real token validator already refuses tokens
/// of disabled or uninstalled installations (token_revoked, tested over HTTP), so no real part can
/// hand the dispatcher such a state; a token-validator TEST DOUBLE does, to prove the guard holds.
/// Everything else is the running server's real catalog, rate limiter, metrics and audit.
/// </summary>
public sealed class DispatcherInstallationGuardTests(SqliteActionServer fixture) : IClassFixture<SqliteActionServer>
{
    [Fact]
    public async Task With_a_token_validator_test_double_a_disabled_or_uninstalled_installation_is_refused()
    {
        var installed = await fixture.Server.InstallAsync();
        var validator = fixture.Server.Services.GetRequiredService<ITokenValidator>();
        var real = await validator.ValidateAsync(installed.Token);
        Assert.True(real.Succeeded);
        var input = Encoding.UTF8.GetBytes("""{"key":"k"}""");

        var disabled = await DispatcherWith(new TokenValidatorTestDouble(real.Claims!, real.Installation! with { Enabled = false }))
            .DispatchAsync("any", "storage.get", input, CancellationToken.None);
        var uninstalled = await DispatcherWith(new TokenValidatorTestDouble(real.Claims!, real.Installation! with { UninstalledAt = DateTimeOffset.UtcNow }))
            .DispatchAsync("any", "storage.get", input, CancellationToken.None);
        var fine = await DispatcherWith(new TokenValidatorTestDouble(real.Claims!, real.Installation!))
            .DispatchAsync("any", "storage.get", input, CancellationToken.None);

        Assert.Equal(ActionErrorCodes.InstallationDisabled, disabled.Error?.Code);
        Assert.Equal(ActionErrorCodes.InstallationNotFound, uninstalled.Error?.Code);
        Assert.True(fine.Succeeded, fine.Error?.Code);
    }

    private ActionDispatcher DispatcherWith(ITokenValidator validator)
    {
        var services = fixture.Server.Services;
        return new ActionDispatcher(validator, services.GetRequiredService<ActionCatalog>(), services.GetRequiredService<IActionRateLimiter>(),
            services.GetRequiredService<ActionMetrics>(), services.GetRequiredService<AuditLog>(), services.GetRequiredService<ActionOptions>());
    }

    private sealed class TokenValidatorTestDouble(TokenClaims claims, InstallationRecord installation) : ITokenValidator
    {
        public ValueTask<TokenValidationResult> ValidateAsync(string? token, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(TokenValidationResult.Success(claims, installation));
    }
}
