using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Core.Data;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Web.Pages;

/// <summary>
/// Sign in with a token (kept in an HttpOnly, SameSite=Strict cookie), then list, create and revoke tokens through the
/// same code as the API. Forms carry antiforgery tokens.
/// </summary>
public sealed class TokensModel(ModelHubDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions> authOptions) : PageModel
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

        // Check the token before keeping it.
        if (await BearerTokenHandler.ValidateAsync(token.Trim(), authOptions.CurrentValue, db, clock, cancellationToken) is null)
        {
            Error = "That token is unknown, revoked or expired.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        Response.Cookies.Append(BearerTokenHandler.CookieName, token.Trim(), new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
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
        var result = await TokenEndpoints.CreateTokenAsync(request, HttpContext, db, clock, cancellationToken);
        switch (result.Result)
        {
            case Created<CreatedToken> created:
                Created = created.Value!.Token;
                break;
            case ProblemHttpResult problem:
                Error = problem.ProblemDetails.Detail;
                Response.StatusCode = problem.StatusCode;
                break;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        var result = await TokenEndpoints.RevokeTokenAsync(id, HttpContext, db, clock, cancellationToken);
        if (result.Result is ProblemHttpResult problem)
        {
            Error = problem.ProblemDetails.Detail;
            Response.StatusCode = problem.StatusCode;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!SignedIn)
        {
            return;
        }

        var result = await TokenEndpoints.ListTokensAsync(HttpContext, db, cancellationToken);
        Tokens = result.Result is Ok<List<TokenInfo>> ok ? ok.Value! : [];
    }
}
