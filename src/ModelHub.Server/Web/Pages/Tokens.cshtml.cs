using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Server.Auth;
using ModelHub.Server.Http;

namespace ModelHub.Server.Web.Pages;

/// <summary>
/// Sign in with a token (kept in an HttpOnly, SameSite=Strict cookie), then list, create and revoke tokens through the
/// same service as the API. Forms carry antiforgery tokens.
/// </summary>
public sealed class TokensModel(
    TokenService tokens, ModelHubDbContext db, TimeProvider clock, IOptionsMonitor<AuthOptions> authOptions,
    FailedAuthenticationThrottle throttle, PublicAddress address)
    : PageModel
{
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public string? Subject => Caller.From(User).Subject;

    public IReadOnlyList<TokenInfo> Tokens { get; private set; } = [];

    public string? Created { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSignInAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            Error = "Paste a token to sign in.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Check the token before keeping it; guesses are throttled as on the API.
        var client = FailedAuthenticationThrottle.ClientOf(HttpContext);
        if (throttle.IsLockedOut(client, out var retryAfter))
        {
            Error = "Too many failed sign-ins from this address: try again later.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        if (await BearerTokenHandler.ValidateAsync(token.Trim(), authOptions.CurrentValue, db, clock, cancellationToken) is null)
        {
            throttle.RecordFailure(client);
            Error = "That token is unknown, revoked or expired.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        Response.Cookies.Append(BearerTokenHandler.CookieName, token.Trim(), new CookieOptions
        {
            HttpOnly = true,
            // Behind a proxy that terminates TLS the request is https through forwarded headers, or by the public address.
            Secure = Request.IsHttps || address.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(30),
        });
        return RedirectToPage();
    }

    public IActionResult OnPostSignOut()
    {
        Response.Cookies.Delete(BearerTokenHandler.CookieName);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string[]? scopes, string? owners, CancellationToken cancellationToken)
    {
        var request = new CreateTokenRequest(name, scopes?.ToList() ?? [],
            (owners ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(), null);
        var result = await tokens.CreateAsync(Caller.From(User), request, cancellationToken);
        if (result.Created is { } created)
        {
            Created = created.Token;
        }
        else
        {
            ShowProblem(result);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        var result = await tokens.RevokeAsync(Caller.From(User), id, cancellationToken);
        if (result.Outcome != TokenOutcome.Revoked)
        {
            ShowProblem(result);
            await LoadAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (SignedIn)
        {
            Tokens = ((await tokens.ListAsync(Caller.From(User), cancellationToken)).Tokens ?? []).Select(t => t.AsInfo()).ToList();
        }
    }

    private void ShowProblem(TokenResult result)
    {
        var problem = result.ToProblem();
        Error = problem.ProblemDetails.Detail;
        Response.StatusCode = problem.StatusCode;
    }
}
