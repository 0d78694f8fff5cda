import { describe, expect, it } from "vitest";
import { unsatisfiableRequirements } from "../../../../shared/lambda/pythonRequirements.ts";

describe("requirements.txt of a Python lambda", () => {
  it("accepts what the playground provides, in any spelling and with versions, comments and options", () => {
    expect(
      unsatisfiableRequirements(
        "# deps\nluna-lambda-tools\nluna3>=1.0\nLuna_Lambda_Tools==0.1\npython-dateutil ; python_version > '3'\n-r other.txt\n\nvlutils\ncow\nlunavl\n",
      ),
    ).toEqual([]);
  });

  it("names everything else", () => {
    expect(unsatisfiableRequirements("numpy==2.0\nluna3\nopencv-python>=4 # vision\n")).toEqual([
      "numpy",
      "opencv-python",
    ]);
  });
});
