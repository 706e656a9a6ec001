namespace PlanWorkflows.Core.Vocabulary;

/// <summary>Where an obligation stands (DESIGN §3).</summary>
public enum ObligationStatus { Pending, Reminded, Reported, Accepted, Returned, Overdue, Escalated, Extended, NotApplicable, Cancelled }

/// <summary>The Government's vocabulary for what an institution reports.</summary>
public enum ImplementationStatus { Implemented, ContinuouslyImplemented, PartiallyImplemented, NotImplemented, NotApplicable }
