import { route } from "@/lib/api/handler";
import { readSmallUpload } from "@/lib/api/small-upload";
import { adminImportOwners } from "@/lib/data/admin";
import { MAX_OWNER_CSV_BYTES } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

/** A CSV file `foundation,org,space,email` as the raw body (or multipart field `file`): all rows or none. */
export const POST = route({ allow: "manage_owners" }, async ({ req, actor, address }) => {
  const csv = (await readSmallUpload(req, "CSV file", MAX_OWNER_CSV_BYTES)).toString("utf8");
  return adminImportOwners(actor, address, csv);
});
