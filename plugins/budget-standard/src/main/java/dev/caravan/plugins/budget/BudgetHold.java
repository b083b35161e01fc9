package dev.caravan.plugins.budget;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger.Reservation;

/** One budget's reservation for one request, settled or released when the request ends. */
record BudgetHold(BudgetDefinition budget, Reservation reservation) {}
