import { resourceRoutes } from "../http/resource.js";
import { CreateRuleInput, ListRulesQuery, Rule, RulePage, UpdateRuleInput } from "./schemas.js";
import { createRule, deleteRule, getRule, listRules, updateRule } from "./service.js";

export const ruleRoutes = resourceRoutes({
  path: "/rules",
  tag: "Automation rules",
  noun: "automation rule",
  schemas: {
    create: CreateRuleInput,
    update: UpdateRuleInput,
    query: ListRulesQuery,
    item: Rule,
    page: RulePage,
  },
  service: {
    list: (ctx, query) => listRules({ ctx, query }),
    create: (ctx, input) => createRule({ ctx, input }),
    get: (ctx, id) => getRule({ ctx, id }),
    update: (ctx, id, input, ifMatch) => updateRule({ ctx, id, input, ifMatch }),
    remove: async (ctx, id, ifMatch) => {
      await deleteRule({ ctx, id, ifMatch });
      return null;
    },
  },
  writeRole: "publisher",
  deletes: "hard",
  createCanConflict: false,
  removeSummary: "Delete a rule (publisher); the posts it made stay",
});
