using CoProduction.Store.Model;

namespace CoProduction.Store.Privacy;

/// <summary>
/// A person's answers: those of their sessions. An answer's person is its session's person on every path that writes
/// one (the turn's save, by EF or by prepared statements, takes both from the same turn), and answers have no index by
/// person (<see cref="AnswersModel"/>): this goes by the sessions' index on the person, then the answers' on the session.
/// The eraser, the person's record and the erase page all count and read through here.
/// </summary>
public static class PersonAnswers
{
    public static IQueryable<Answer> Of(StoreDbContext db, Guid personId) =>
        db.Answers.Where(a => db.Sessions.Where(s => s.PersonId == personId).Select(s => s.Id).Contains(a.SessionId));
}
