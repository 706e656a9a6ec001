using PlanWorkflows.Core.Inbound;

namespace PlanWorkflows.Core.Tests.Inbound;

/// <summary>
/// A free-text answer (a form's narrative, the "Opis:" of a mail's reply form whose end marker was deleted) loses the
/// closing and signature block people paste or type under it, Montenegrin and English, Latin and Cyrillic, as a mail
/// reply does outside the form.
/// </summary>
public sealed class AnswerSignatureTests
{
    private const string Answer = "Održane su dvije obuke za 34 policijska službenika u Podgorici i Bijelom Polju.\nIzvještaj sa obuka je u prilogu.";

    public static TheoryData<string, string> Signed => new()
    {
        { "Srdačan pozdrav,\nMarija Njegoš\nsamostalna savjetnica\nUprava policije\ntel. +382 20 241 421", "srdačan pozdrav" },
        { "S poštovanjem,\n\nMilan Vuković, načelnik\nMinistarstvo zdravlja\nmob: 067 123 456", "s poštovanjem" },
        { "Lijep pozdrav\nAna", "lijep pozdrav" },
        { "Срдачан поздрав,\nМарија Његош\nсамостална савјетница\nтел. +382 20 241 421", "срдачан поздрав" },
        { "С поштовањем,\nДр Петар Радовић\nКлинички центар Црне Горе", "с поштовањем" },
        { "Kind regards,\nJohn Smith\nProgramme Officer, IOM Podgorica\n+382 20 406 600", "kind regards" },
        { "Best regards\n--\nMaja Popović | NVO Sigurna ženska kuća\nwww.szk.co.me", "best regards" },
        { "-- \nDragan Kovačević\nVrhovno državno tužilaštvo", "-- " },
        { "Poslato sa mog iPhone-a", "poslato sa mog" },
        { "Sent from my iPhone", "sent from my" },
    };

    [Theory]
    [MemberData(nameof(Signed))]
    public void A_signature_under_an_answer_is_not_part_of_it(string signature, string closing)
    {
        var answer = ReplyText.WithoutSignature(Answer + "\n\n" + signature);

        Assert.Equal(Answer, answer);
        Assert.DoesNotContain(closing, answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_answer_that_only_mentions_greetings_is_kept_whole()
    {
        // "pozdrav" inside a sentence, and a closing word followed by a long text, are the answer itself.
        const string text = "Na sastanku je upućen pozdrav učesnicima.\nHvala\nPartneri su dostavili podatke za prvo polugodište, a ministarstvo je pripremilo nacrt plana obuke, "
            + "koji će biti usvojen do kraja godine.\nDrugi dio se odnosi na saradnju sa NVO.\nTreći dio na opštine.\nČetvrti na škole.\nPeti na medije.\nŠesti na centre za socijalni rad.\nSedmi na pravosuđe.";
        Assert.Equal(text, ReplyText.WithoutSignature(text));
    }

    [Fact]
    public void An_answer_that_is_only_a_greeting_is_not_erased()
    {
        Assert.Equal("Hvala", ReplyText.WithoutSignature("Hvala"));
    }

    [Fact]
    public void The_mail_reply_form_drops_a_signature_left_under_the_narrative_when_the_end_marker_is_gone()
    {
        var body = "----- OBRAZAC ZA ODGOVOR (oznaka Tk7qXp2LmR9vZs4WnB8cYd) -----\n\n[EDU 1.1.2] Status: Realizovano\nOpis: " + Answer
            + "\n\nСрдачан поздрав,\nМарија Његош\nтел. +382 20 241 421\n";
        var item = Assert.Single(ReplyForm.Find(ReplyText.SplitLines(body)).SelectMany(b => b.Items));

        Assert.Equal(Answer, item.Narrative);
    }
}
