namespace PlanWorkflows.Core.Vocabulary;

/// <summary>
/// What an obligation is: an institution's report on an activity for one period, a Working Group meeting (its pack),
/// or one period's report to the Government. Only <see cref="Report"/> counts in the plan's status and overdue lists.
/// </summary>
public enum ObligationKind { Report, Meeting, GovernmentReport }
