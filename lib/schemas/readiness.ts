import { z } from "zod";
import { foundationRefParams } from "./foundation";

export const OPS_FILE_IDS = ["cc-privileged-containers-off", "rootless-cells", "remove-obsolete-rootless-property"] as const;

export const opsFileParams = foundationRefParams.extend({
  id: z.enum(OPS_FILE_IDS, { message: `an ops file is one of ${OPS_FILE_IDS.join(", ")}` }),
});
