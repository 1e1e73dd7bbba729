using FluentValidation;
using Komis.Web.Api.Contracts;
using Komis.Web.Api.Infrastructure;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Debts;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Api;

/// <summary>A biller's accounts and their open charges.</summary>
[Route("api/v1/accounts")]
public sealed class AccountsController(
    PutAccountHandler putAccount,
    IValidator<PutAccountRequest> validator,
    DebtQuery debts,
    TimeProvider clock) : BillerApiController
{
    /// <summary>Creates or replaces one account and its open charges (the biller's view as of <c>asOf</c>).</summary>
    [HttpPut("{accountNumber}")]
    [Consumes("application/json")]
    [ProducesResponseType(typeof(AccountResponse), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(AccountResponse), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Put(string accountNumber, [FromBody] PutAccountRequest request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return BadRequest(ValidationProblems.From(validation));
        }

        var outcome = await putAccount.HandleAsync(BillerId, accountNumber, request, cancellationToken);
        switch (outcome)
        {
            case PutAccountOutcome.InvalidAccountNumber:
                var problem = new ValidationProblemDetails(new Dictionary<string, string[]>
                {
                    ["accountNumber"] = ["The account number does not match this biller's account format."],
                }) { Status = 400, Title = "One or more fields are not valid." };
                return BadRequest(problem);
            case PutAccountOutcome.Stale:
                return Problem(StatusCodes.Status409Conflict, "Stale data",
                    "Komis already holds a newer view of this account ('asOf' is older than the stored one).");
        }

        var debt = await debts.GetAsync(BillerId, accountNumber, askOnlineBiller: false, cancellationToken);
        var body = ToResponse(debt!);
        return outcome == PutAccountOutcome.Created
            ? Created($"/api/v1/accounts/{Uri.EscapeDataString(body.AccountNumber)}", body)
            : Ok(body);
    }

    /// <summary>The account as Komis sees it: the biller's charges less Komis payments made since, and the balance.</summary>
    [HttpGet("{accountNumber}")]
    [ProducesResponseType(typeof(AccountResponse), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string accountNumber, CancellationToken cancellationToken)
    {
        var debt = await debts.GetAsync(BillerId, accountNumber, askOnlineBiller: false, cancellationToken);
        return debt is null ? NotFoundProblem("This biller has no such account in Komis.") : Ok(ToResponse(debt));
    }

    private AccountResponse ToResponse(AccountDebt debt)
    {
        var today = ViewModels.Display.Today(clock);
        return new AccountResponse(
            debt.AccountNumber,
            debt.HolderName,
            debt.Address,
            debt.HolderFin,
            debt.Status.ToString(),
            debt.AsOf,
            debt.Charges.Select(c => new ChargeResponse(c.Period.ToString(), c.Amount, c.PaidSinceAsOf, c.Outstanding, c.DueDate, c.IsOverdue(today))).ToList(),
            debt.Charged,
            debt.PaidSinceAsOf,
            debt.Balance);
    }
}
