console.log("search placeholder")
