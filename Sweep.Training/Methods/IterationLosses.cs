namespace Sweep.Training.Methods;

/// <summary>Losses of one iteration: the last discriminator update's and the generator update's.</summary>
public readonly record struct IterationLosses(double Discriminator, double Generator);
