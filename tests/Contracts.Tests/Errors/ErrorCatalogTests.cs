using System.Reflection;
using System.Text.RegularExpressions;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Tests.Errors;

public sealed class ErrorCatalogTests
{
    private static readonly string[] AllCodes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Every_code_is_unique_snake_case_and_catalogued_with_a_status_and_hint()
    {
        Assert.Equal(AllCodes.Length, AllCodes.Distinct().Count());
        Assert.Equal(AllCodes.Order(), ErrorCatalog.All.Select(e => e.Code).Order());
        foreach (var code in AllCodes)
        {
            Assert.Matches(new Regex("^[a-z]+(_[a-z0-9]+)*$"), code);
            var info = ErrorCatalog.Find(code)!;
            Assert.InRange(info.Status, 400, 599);
            Assert.False(string.IsNullOrWhiteSpace(info.Hint));
            Assert.False(string.IsNullOrWhiteSpace(info.Title));
        }
    }

    [Theory]
    [InlineData(ErrorCodes.Unauthorized, 401)]
    [InlineData(ErrorCodes.Forbidden, 403)]
    [InlineData(ErrorCodes.NotFound, 404)]
    [InlineData(ErrorCodes.VersionExists, 409)]
    [InlineData(ErrorCodes.TenantExists, 409)]
    [InlineData(ErrorCodes.PayloadTooLarge, 413)]
    [InlineData(ErrorCodes.ArchiveTooLarge, 413)]
    [InlineData(ErrorCodes.ChecksumMismatch, 400)]
    [InlineData(ErrorCodes.ArchivePathTraversal, 400)]
    [InlineData("some_future_code", 400)]
    public void Statuses_match_the_issue(string code, int status) =>
        Assert.Equal(status, ErrorCatalog.StatusFor(code));

    [Fact]
    public void Unknown_codes_have_no_hint() => Assert.Null(ErrorCatalog.HintFor("some_future_code"));
}
